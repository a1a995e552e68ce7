// How the service's Node.js process is started, by `npm start` (scripts/start.mjs), the Docker
// image and the benchmark alike: tuned for a small server holding thousands of device connections.
// Measured with 10,000 devices connected (bench/, scenario D): 386 MB resident with
// MALLOC_ARENA_MAX alone, 342 MB with both; badge and ingestion throughput unchanged.

/**
 * `--max-old-space-size=1024`: V8 lets its old generation grow to 4× what is live before a full
 * collection when it may use gigabytes (any machine over 16 GB), and to about 1.6× with a 1 GB
 * ceiling, so garbage from bursts (provisioning, a fleet reconnecting) does not stay resident. The
 * service holds about 60 MB live with 10,000 devices: 1 GB leaves ample room. (`--optimize-for-size`
 * saved more memory but shrank the young generation to 1 MB and halved ingestion.)
 *
 * `--heap-growing-percent=30`: that factor down to 1.3, the one V8 itself uses on heaps of 256 MB
 * or less. With 10,000 devices connected about 150 MB is live: the heap then stops about 45 MB
 * above it instead of 90 MB, for a full collection (concurrent marking, then a 10–80 ms pause at
 * that size under `--trace-gc`) twice as often. About 20 MB less resident with all connected
 * (bench/, scenario R; docs/scaling.md, "Memory: the heap's growing factor").
 */
export const RUNTIME_FLAGS: readonly string[] = ['--max-old-space-size=1024', '--heap-growing-percent=30'];

/**
 * glibc gives every thread that allocates its own malloc arena and keeps it once grown; scrypt
 * and SQLite run on libuv's thread pool. Two arenas bound that. A value already set is kept.
 */
export const RUNTIME_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
