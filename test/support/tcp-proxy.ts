// A TCP proxy the fault suites put between Cantine and a real server (PostgreSQL), to take that
// server "down" and back without touching it: `cut()` resets every open connection and every new
// one until `restore()`. The server itself never notices more than dropped clients.
import net from 'node:net';

export interface TcpProxy {
  /** The proxy's own port on 127.0.0.1. */
  port: number;
  /** Connections accepted and forwarded since start. */
  readonly forwarded: number;
  /** Connections reset while cut. */
  readonly refused: number;
  /** Resets every open connection; new ones are reset at once until restore(). */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let isCut = false;
  let forwarded = 0;
  let refused = 0;
  const server = net.createServer({ noDelay: true }, (client) => {
    client.on('error', () => undefined);
    if (isCut) {
      refused++;
      client.resetAndDestroy();
      return;
    }
    forwarded++;
    const upstream = net.connect({ host: target.host, port: target.port, noDelay: true });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    open.add(client);
    open.add(upstream);
    client.once('close', () => open.delete(client));
    upstream.once('close', () => open.delete(upstream));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get forwarded() {
      return forwarded;
    },
    get refused() {
      return refused;
    },
    cut() {
      isCut = true;
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
    },
    restore() {
      isCut = false;
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
