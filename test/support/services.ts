// Which real servers the integration suites can reach.
// A suite whose server is absent skips with a message; in CI (CANTINE_REQUIRE_SERVICES=1)
// an absent server is a failure instead, so a green CI always means the real-service suites ran.
import net from 'node:net';

export const requireServices = process.env.CANTINE_REQUIRE_SERVICES === '1';

/** Resolves true when something accepts TCP connections at host:port within the timeout. */
export function canConnect(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Same as canConnect, for a URL with a host and a port. */
export function urlReachable(url: string, defaultPort: number): Promise<boolean> {
  const parsed = new URL(url);
  return canConnect(parsed.hostname, Number(parsed.port || defaultPort));
}

/**
 * Returns whether a suite needing `what` should run. Absent server: logs why the suite skips,
 * or throws when CI requires every service.
 */
export async function serviceAvailable(what: string, envVar: string, url: string | undefined, defaultPort: number): Promise<boolean> {
  const reachable = url ? await urlReachable(url, defaultPort) : false;
  if (reachable) return true;
  const why = url ? `${what} at ${url} is not reachable` : `${envVar} is not set`;
  if (requireServices) throw new Error(`${why}, and CANTINE_REQUIRE_SERVICES=1 requires it`);
  console.warn(`[skip] ${what} suite skipped: ${why}.`);
  return false;
}
