// Cluster mode with REDIS_URL (docs/scaling.md): socket.io's official Redis adapter, so what one
// instance emits to a room (the `/manager` feed, a site's `/wall` screens) reaches the sockets
// connected to every instance. The channel prefix names the deployment by its database, so two
// clusters sharing one Redis do not hear each other (Redis pub/sub ignores database numbers).
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';
import { ConfigError } from '../infra/config/config-error.js';

/** What dispose needs of a client (the redis package's own generic types do not line up across calls). */
interface RedisClient {
  quit(): Promise<unknown>;
}

/** Warnings about failed publications, at most one per this period. */
const WARN_EVERY_MS = 10_000;

/**
 * The adapter calls `publish` and forgets the promise: when Redis is slow or gone (a command
 * "timed out after 5000ms waiting to be sent"), its rejection was unhandled and ended the whole
 * instance, doors included (bench --cluster, 200 sites). Each rejection is caught here instead: that
 * copy of the event is lost for the other instances' sockets, this instance's own sockets had it.
 */
type Publisher = { publish: (...args: never[]) => Promise<unknown> };

export function publishingSafely<T extends Publisher>(client: T, onFailure: (error: unknown) => void): T {
  const publish = client.publish.bind(client) as (...args: unknown[]) => Promise<unknown>;
  client.publish = ((...args: unknown[]) => publish(...args).catch((error: unknown) => void onFailure(error))) as T['publish'];
  return client;
}

export class RedisIoAdapter extends IoAdapter {
  private constructor(
    app: INestApplicationContext,
    private readonly clients: readonly RedisClient[],
    private readonly adapter: ReturnType<typeof createAdapter>,
  ) {
    super(app);
  }

  static async connect(app: INestApplicationContext, redisUrl: string, cluster: string): Promise<RedisIoAdapter> {
    const pub = createClient({ url: redisUrl, socket: { connectTimeout: 5000 } });
    const sub = pub.duplicate();
    // Reconnections are the client's own business; an error event without a listener would end the process.
    for (const client of [pub, sub]) client.on('error', () => undefined);
    const logger = new Logger('Cluster');
    let lastWarning = -Infinity;
    let failed = 0;
    publishingSafely(pub, (error) => {
      failed += 1;
      if (performance.now() - lastWarning < WARN_EVERY_MS) return;
      lastWarning = performance.now();
      logger.warn(`Redis: ${failed} socket event(s) not relayed to the other instances (${error instanceof Error ? error.message : String(error)})`);
      failed = 0;
    });
    try {
      await Promise.all([pub.connect(), sub.connect()]);
    } catch (error) {
      await Promise.all([pub, sub].map((client) => client.disconnect().catch(() => undefined)));
      throw new ConfigError('REDIS_URL', `cannot connect to Redis at ${new URL(redisUrl).host} (${error instanceof Error ? error.message : error})`);
    }
    return new RedisIoAdapter(app, [pub, sub], createAdapter(pub, sub, { key: `cantine:${cluster}` }));
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    server.adapter(this.adapter);
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all(this.clients.map((client) => client.quit().catch(() => undefined)));
  }
}
