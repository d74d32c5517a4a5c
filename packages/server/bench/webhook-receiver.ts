/**
 * The webhook bench's receiver: a plain `node:http` server that reads each request's body
 * and answers 204, counting the POSTs it got (`GET /count`). Run as its own process:
 * `node --import tsx webhook-receiver.ts` (prints its port).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let received = 0;
const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(String(received));
    return;
  }
  req.resume();
  req.on('end', () => {
    received += 1;
    res.writeHead(204);
    res.end();
  });
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
