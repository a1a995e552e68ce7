import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../../../test/support/eventually.js';
import { serviceAvailable } from '../../../../test/support/services.js';
import { publishingSafely } from './redis-io-adapter.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const available = await serviceAvailable('Redis', 'TEST_REDIS_URL', redisUrl, 6379);

describe('publishingSafely', () => {
  it('reports a failed publication instead of leaving its rejection unhandled', async () => {
    const failures: unknown[] = [];
    const client = publishingSafely({ publish: (channel: string) => Promise.reject(new Error(`no ${channel}`)) }, (error) => failures.push(error));
    // As the socket.io adapter calls it: the promise is dropped.
    void client.publish('cantine:x');
    await eventually(() => expect(failures).toEqual([new Error('no cantine:x')]));
  });

  it('passes what publish answers through when it works', async () => {
    const client = publishingSafely({ publish: (channel: string, message: string) => Promise.resolve(`${channel}=${message}`) }, () => undefined);
    await expect(client.publish('a', 'b')).resolves.toBe('a=b');
  });

  it.skipIf(!available)("catches the redis client's own rejection once it is closed", async () => {
    const failures: unknown[] = [];
    const client = createClient({ url: redisUrl });
    await client.connect();
    expect(await client.publish('cantine:test', 'one')).toBeTypeOf('number');
    publishingSafely(client, (error) => failures.push(error));
    await client.quit();
    void client.publish('cantine:test', 'two');
    await eventually(() => expect(failures).toHaveLength(1));
    expect(String(failures[0])).toMatch(/closed/i);
  });
});
