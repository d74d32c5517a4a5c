/**
 * The baseline: a raw `node:http` server that answers every request with `JSON.stringify`
 * of one real user object (taken from the Castellan server by the bench), the cheapest
 * honest way to serve the same bytes. Run as its own process:
 * `node --import tsx baseline-server.ts <port> <user.json>`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [portArg, userFile] = process.argv.slice(2);
if (!portArg || !userFile) throw new Error('usage: baseline-server.ts <port> <user.json>');
const user: unknown = JSON.parse(readFileSync(userFile, 'utf8'));

const server = createServer((_req, res) => {
  const body = JSON.stringify(user);
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
});
server.keepAliveTimeout = 72_000;
server.listen(Number(portArg), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
