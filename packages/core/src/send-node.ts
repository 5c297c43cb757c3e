// How requests leave the process on Node (the `node` condition of `#send`):
// node:http/https with keep-alive agents. Node's global fetch costs about three
// times as much CPU per request on loopback (see BENCHMARKS.md); clients use
// this unless given `options.fetch`.
//
// Differences from fetch, on purpose: redirects are returned, not followed (a
// signed request cannot be re-signed for another URL), and no Accept-Encoding
// is sent, so bodies arrive uncompressed.
//
// Bodies: a request body is read whole (to send its Content-Length) unless the
// init says `duplex: 'half'`; then it is piped as it is read, with the
// request's own Content-Length header if it has one, else chunked. A response
// body is read whole up to BUFFER_LIMIT by Content-Length; a larger or
// unannounced one is handed over unread, as a stream.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { pipeline, Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });
/** Bodies up to this size (by Content-Length) are read whole before the response is returned. */
const BUFFER_LIMIT = 1024 * 1024;
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

function responseHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  return headers;
}

function networkError(error: unknown): TypeError {
  return new TypeError('fetch failed', { cause: error });
}

/** Init of the default sender: fetch's, plus a time limit it enforces itself. */
export interface SendInit extends RequestInit {
  /** Abort the attempt (with a TimeoutError) when no full response arrived by then. */
  timeoutMs?: number;
  /** `'half'`: the request body is a stream, piped rather than read whole. */
  duplex?: 'half' | undefined;
}

/** This sender enforces `timeoutMs` with one timer, cheaper than a signal per attempt. */
export const enforcesTimeout = true;

export async function defaultSend(request: Request, init?: SendInit): Promise<Response> {
  const signal = init?.signal ?? request.signal;
  signal?.throwIfAborted();
  const url = new URL(request.url);
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') throw new TypeError(`Unsupported protocol ${url.protocol}`);
  const stream = init?.duplex === 'half' ? request.body : null;
  const body = request.body === null || stream ? undefined : Buffer.from(await request.arrayBuffer());
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (body !== undefined) headers['content-length'] = String(body.length);

  return new Promise<Response>((resolve, reject) => {
    const outgoing = (secure ? httpsRequest : httpRequest)(url, {
      method: request.method,
      headers,
      agent: secure ? httpsAgent : httpAgent,
      signal: signal ?? undefined,
    });
    let timedOut: DOMException | undefined;
    const timeoutMs = init?.timeoutMs;
    const timer =
      timeoutMs !== undefined && Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            timedOut = new DOMException(`no response within ${timeoutMs} ms`, 'TimeoutError');
            outgoing.destroy(timedOut);
          }, Math.max(1, Math.floor(timeoutMs)))
        : undefined;
    const fail = (error: unknown) => {
      clearTimeout(timer);
      reject(timedOut ?? (signal?.aborted ? signal.reason : networkError(error)));
    };
    const succeed = (response: Response) => {
      clearTimeout(timer);
      resolve(response);
    };
    outgoing.once('error', fail);
    outgoing.once('response', (incoming) => {
      const status = incoming.statusCode ?? 0;
      const init = { status, statusText: incoming.statusMessage ?? '', headers: responseHeaders(incoming) };
      if (NULL_BODY_STATUS.has(status) || request.method === 'HEAD') {
        incoming.resume();
        succeed(new Response(null, init));
        return;
      }
      const length = Number(incoming.headers['content-length']);
      if (Number.isFinite(length) && length <= BUFFER_LIMIT) {
        // Small bodies are read whole here: cheaper than a web stream, and a
        // truncated body fails this attempt (and can be retried) instead of
        // failing later in the caller's JSON parse.
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.once('error', fail);
        incoming.once('end', () => {
          const whole = Buffer.concat(chunks);
          if (!incoming.complete || whole.length !== length) {
            fail(new Error(`response body ended after ${whole.length} of ${length} bytes`));
            return;
          }
          succeed(new Response(whole, init));
        });
        incoming.once('close', () => {
          if (!incoming.complete) fail(new Error('connection closed before the response body ended'));
        });
        return;
      }
      succeed(new Response(Readable.toWeb(incoming) as ReadableStream<Uint8Array>, init));
    });
    // A failing body stream destroys `outgoing`, whose 'error' rejects; a failing
    // connection cancels the body stream.
    if (stream) pipeline(Readable.fromWeb(stream as NodeReadableStream), outgoing, () => {});
    else outgoing.end(body);
  });
}
