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
// request's own Content-Length header if it has one, else chunked (the
// transport has dropped any other framing header). A response body is read
// whole when the init gives `maxBytes` (more rejects with a RangeError), else
// when its Content-Length is at most BUFFER_LIMIT; otherwise it is handed over
// unread, as a stream. The time limit and the signal cover the body until its
// last byte, streamed or not.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { pipeline, Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { abortReason } from './errors.js';
import { TOO_LARGE } from './transport.js';

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
  /** Abort the attempt (with a TimeoutError) when the response, body included, has not arrived by then. */
  timeoutMs?: number;
  /** `'half'`: the request body is a stream, piped rather than read whole. */
  duplex?: 'half' | undefined;
  /** Read the response body whole before resolving, refusing (RangeError) more than this many bytes. */
  maxBytes?: number | undefined;
}

/** This sender enforces `timeoutMs` with one timer, cheaper than a signal per attempt, and reads `maxBytes`. */
export const enforcesTimeout = true;

/**
 * Sends with node:http(s). A failure after the response head carries it as
 * `head` (status and headers), so the caller can name the status and request id.
 */
export async function defaultSend(request: Request, init?: SendInit): Promise<Response> {
  const signal = init?.signal ?? request.signal;
  if (signal?.aborted) throw abortReason(signal);
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
  const maxBytes = init?.maxBytes;
  const timeoutMs = init?.timeoutMs;

  return new Promise<Response>((resolve, reject) => {
    const outgoing = (secure ? httpsRequest : httpRequest)(url, {
      method: request.method,
      headers,
      agent: secure ? httpsAgent : httpAgent,
    });
    let incoming: IncomingMessage | undefined;
    let head: { status: number; statusText: string; headers: Headers } | undefined;
    let timedOut: DOMException | undefined;
    const stop = (reason?: unknown) => {
      outgoing.destroy(reason as Error);
      incoming?.destroy(reason as Error);
    };
    const timer =
      timeoutMs !== undefined && Number.isFinite(timeoutMs)
        ? setTimeout(() => stop((timedOut = new DOMException(`no response within ${timeoutMs} ms`, 'TimeoutError'))), Math.max(1, Math.floor(timeoutMs)))
        : undefined;
    const onAbort = () => stop(abortReason(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: unknown) => {
      done();
      reject(signal?.aborted ? abortReason(signal) : Object.assign(timedOut ?? ((error as Error)?.message === TOO_LARGE ? (error as Error) : networkError(error)), { head }));
    };
    // Listening to the end: a socket error after the response must not go unhandled.
    outgoing.on('error', fail);
    outgoing.once('response', (message) => {
      incoming = message;
      message.on('error', fail);
      // A body ends, fails, or is stopped by the timer or the signal: the limits hold until then.
      message.once('close', () => (message.complete ? done() : fail(new Error('connection closed before the response body ended'))));
      try {
        const status = message.statusCode ?? 0;
        // A Response cannot hold another status, and a throw here would be uncaught.
        if (!(status >= 200 && status < 600)) throw new Error(`unusable HTTP status ${status}`);
        head = { status, statusText: message.statusMessage ?? '', headers: responseHeaders(message) };
        if (NULL_BODY_STATUS.has(status) || request.method === 'HEAD') {
          message.resume();
          resolve(new Response(null, head));
          return;
        }
        const length = Number(message.headers['content-length'] ?? NaN);
        if (maxBytes === undefined && !(length <= BUFFER_LIMIT)) {
          resolve(new Response(Readable.toWeb(message) as ReadableStream<Uint8Array>, head));
          return;
        }
        // Read whole here: cheaper than a web stream, and a truncated body fails
        // this attempt (and can be retried) instead of failing later in the caller's parse.
        const limit = maxBytes ?? Infinity;
        if (length > limit) throw new RangeError(TOO_LARGE);
        const chunks: Buffer[] = [];
        let size = 0;
        message.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if ((size += chunk.length) > limit) {
            fail(new RangeError(TOO_LARGE));
            message.destroy();
          }
        });
        message.once('end', () => {
          if (message.complete && !(size !== length && length >= 0)) resolve(new Response(Buffer.concat(chunks), head));
          else fail(new Error(`response body ended after ${size} of ${length} bytes`));
        });
      } catch (error) {
        fail(error);
        message.destroy();
      }
    });
    // A failing body stream destroys `outgoing`, whose 'error' rejects; a failing
    // connection cancels the body stream.
    if (stream) pipeline(Readable.fromWeb(stream as NodeReadableStream), outgoing, () => {});
    else outgoing.end(body);
  });
}
