// The baseline broker of scenarios B and D, in its own process: aedes as its README starts it, with
// TCP_NODELAY (stack notes, pitfall 11) and nothing else: no authentication, no ACL, no packet
// guard, no service. What Cantine adds on top of a broker is what the comparison shows.
import net from 'node:net';
import { Aedes } from 'aedes';

const aedes = await Aedes.createBroker();
const server = net.createServer({ noDelay: true }, aedes.handle);
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.address() as net.AddressInfo).port });
});
process.on('disconnect', () => process.exit(1));
process.on('message', (message) => {
  if (message === 'stop') aedes.close(() => server.close(() => process.exit(0)));
});
