import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeProxy {
  url: string;
  port: number;
  /** Requests it received: path with query, and headers. */
  seen: { url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** A local HTTP server standing in for a Frontend API proxy; `answer` replies to each request. */
export async function startFakeProxy(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<FakeProxy> {
  const seen: FakeProxy['seen'] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
