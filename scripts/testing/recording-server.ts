// A real HTTP server on 127.0.0.1 (ephemeral port) for tests: records every
// request it receives and answers with whatever the test says.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as sent on the request line. */
  target: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Wait this long before answering (to outlast a client's timeout). */
  delayMs?: number;
  /**
   * `reset`: destroy the connection without answering. `truncate`: announce
   * the full length, send half the body, then destroy the connection.
   */
  fault?: 'reset' | 'truncate';
}

export type Responder = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface RecordingServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  requests: RecordedRequest[];
  /** Replaces how the server answers from now on. */
  respond(responder: Responder): void;
  close(): Promise<void>;
}

export async function startRecordingServer(responder: Responder = () => ({ status: 204 })): Promise<RecordingServer> {
  let current = responder;
  const requests: RecordedRequest[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const target = incoming.url ?? '/';
    const parsed = new URL(target, 'http://127.0.0.1');
    const request: RecordedRequest = {
      method: incoming.method ?? '',
      target,
      pathname: parsed.pathname,
      query: parsed.searchParams,
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(request);
    try {
      const reply = await current(request);
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (reply.fault === 'reset') {
        incoming.socket.destroy();
        return;
      }
      const body =
        reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      const headers: Record<string, string> = { ...reply.headers };
      if (reply.body !== undefined && typeof reply.body !== 'string' && !headers['content-type']) {
        headers['content-type'] = 'application/json';
      }
      if (reply.fault === 'truncate') {
        outgoing.writeHead(reply.status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
        outgoing.write(body.slice(0, Math.floor(body.length / 2)));
        setTimeout(() => incoming.socket.destroy(), 10);
        return;
      }
      outgoing.writeHead(reply.status, headers);
      outgoing.end(reply.status === 204 ? undefined : body);
    } catch (error) {
      outgoing.writeHead(599, { 'content-type': 'text/plain' });
      outgoing.end(`test responder failed: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
