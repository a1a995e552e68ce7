// The one way tests wait for something asynchronous. Two helpers with opposite meanings (one retried
// only on a throw, one only on a false) let a check that returned `false` pass at once (issue #14).

/** What a check may not return: `undefined` could mean "not found yet" or "passed". */
type Unambiguous<T> = [void] extends [T] ? unknown : undefined extends T ? never : null extends T ? never : unknown;

/**
 * Retries `check` until it passes, then returns its value; after `timeoutMs` it throws the last failure.
 * A check fails while it throws (an `expect` that does not hold yet) or returns `false`; anything else
 * passes, including nothing at all (a check made only of `expect` calls). A check that may return
 * `undefined` or `null` (`list.find(…)`) is refused by the type checker: write `?? false`.
 */
export async function eventually<T>(
  check: (() => T | Promise<T>) & Unambiguous<T>,
  timeoutMs = 5000,
  everyMs = 25,
): Promise<Exclude<T, false>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const value = await check();
      if (value !== false) return value as Exclude<T, false>;
      failure = new Error(`eventually: the check still returned false after ${timeoutMs} ms: ${check.toString()}`);
    } catch (error) {
      failure = error;
    }
    if (Date.now() >= deadline) throw failure;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
