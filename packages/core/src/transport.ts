import type { Authorizer } from './credentials.js';
import { abortReason, RequestFailedError } from './errors.js';
import { UNSIGNED_PAYLOAD } from './signer.js';

/** fetch's init, with the `duplex` member fetch requires beside a stream body (missing from TypeScript's DOM types). */
export interface FetchInit extends RequestInit {
  /** `'half'`: the body is a stream, sent as it is read (see `createTransport`). */
  duplex?: 'half' | undefined;
}

/** The fetch a client sends through: the global `fetch`, or any function of the same shape. */
export type FetchLike = (request: Request, init?: FetchInit) => Promise<Response>;

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3; 1 disables retries. */
  maxAttempts?: number | undefined;
  /** Base of the exponential backoff, in ms (full jitter: a random wait up to base × 2^n). Default 200. */
  baseDelayMs?: number | undefined;
  /** Longest wait between attempts, in ms; a longer Retry-After is not waited for. Default 20 000. */
  maxDelayMs?: number | undefined;
}

interface CommonTransportOptions {
  send: FetchLike;
  retry: Required<RetryOptions>;
  /** Per-attempt timeout in ms; Infinity for none. */
  timeoutMs: number;
  /** Overall time budget of one call (all attempts and waits) in ms; Infinity for none. */
  deadlineMs: number;
  /**
   * Largest response body read whole (see `READ_WHOLE`), in bytes. Default
   * 10 MiB (10 485 760); Infinity for none.
   */
  maxResponseBytes?: number | undefined;
  /**
   * `send` is core's Node sender, which takes `timeoutMs` in its init and
   * enforces it with a timer (no AbortController per attempt), and reads the
   * body whole itself when the init gives `maxBytes`.
   */
  sendEnforcesTimeout?: boolean;
}

/**
 * An init member (`{ [READ_WHOLE]: true }`) asking the transport to read the
 * answer's body within the attempt, as `send` does: its time limit and retries
 * then cover the body (a truncated answer to an idempotent request is retried
 * like a reset), and a body over `maxResponseBytes` is refused.
 */
export const READ_WHOLE = Symbol();

/**
 * With `authorize`, its `origin`: a URL (the client's base URL) whose scheme,
 * host and port are the only ones credentials go to. Without, the transport
 * never authorizes (see `createPlainFetch`).
 */
export type TransportOptions = CommonTransportOptions &
  ({ authorize: Authorizer; origin: string | URL } | { authorize?: undefined; origin?: undefined });

/**
 * What authorizing sets. The client's fetch removes them from requests to any
 * other origin, whoever put them there (a header copied from a signed request,
 * `CallOptions.headers`, middleware): the client's fetch holds our credentials,
 * so nothing that looks like one leaves it for a host that is not the
 * service's. A caller who means to send such a header elsewhere uses
 * `createPlainFetch`, which sends headers as given.
 */
const CREDENTIAL_HEADERS = ['Authorization', 'X-Auth-Token', 'X-Sdk-Date', 'X-Project-Id', 'X-Security-Token'];
/** Framing headers, the sender's to set (see `createTransport`); a stream keeps its Content-Length. */
const FRAMING = ['host', 'transfer-encoding', 'content-length'];
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/** The message of the RangeError a sender rejects with when a body exceeds its `maxBytes`. */
export const TOO_LARGE = 'response body too large';

/** Retry-After in ms: delay-seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after')?.trim();
  if (!header) return undefined;
  const at = /^\d+$/.test(header) ? Date.now() + Number(header) * 1000 : Date.parse(header);
  return at >= 0 ? Math.max(0, at - Date.now()) : undefined; // NaN fails the test
}

function backoffMs(retry: Required<RetryOptions>, attempt: number): number {
  return Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The signal of one attempt: aborted by the caller's signal or when the attempt
 * outlives its timeout. A controller and one timer cost far less per request
 * than AbortSignal.any + AbortSignal.timeout (measured in BENCHMARKS.md).
 * `settle` stops the timer once the response (whose small body the Node sender
 * has already read) is in hand.
 */
function attemptSignal(caller: AbortSignal, timeoutMs: number): { signal: AbortSignal; settle: () => void } {
  if (!Number.isFinite(timeoutMs)) return { signal: caller, settle: () => {} };
  const controller = new AbortController();
  const abort = (reason: unknown) => {
    settle();
    controller.abort(reason);
  };
  const onAbort = () => abort(abortReason(caller));
  const settle = () => {
    clearTimeout(timer);
    caller.removeEventListener('abort', onAbort);
  };
  const timer = setTimeout(() => abort(new DOMException(`no response within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  // Left running over a body the caller streams: it must not hold a Node process open.
  (timer as { unref?(): void }).unref?.();
  if (caller.aborted) abort(abortReason(caller));
  else caller.addEventListener('abort', onAbort);
  return { signal: controller.signal, settle };
}

/** The body whole, refusing (RangeError) more than `max` bytes: for senders that do not read it themselves. */
async function readWhole(response: Response, max: number): Promise<Response> {
  if (!response.body) return response;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = Number(response.headers.get('content-length')) > max ? Infinity : 0;
  while (size <= max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  if (size > max) {
    reader.cancel().catch(() => {});
    throw new RangeError(TOO_LARGE);
  }
  return new Response(new Blob(chunks as BlobPart[]), response);
}

async function discard(response: Response): Promise<void> {
  // The body is being thrown away; a failure to cancel it changes nothing.
  await response.body?.cancel().catch(() => {});
}

/**
 * Set in the init by `createPlainFetch`: this call is not to be authorized. It
 * can only take credentials away, so anyone may set it.
 */
const PLAIN = Symbol();

/**
 * The fetch core hands to openapi-fetch: for each attempt it authorizes (signs
 * with a fresh X-Sdk-Date), sends with a per-attempt timeout, and retries
 * idempotent requests on network errors and 429/500/502/503/504 with full-jitter
 * backoff and Retry-After, within the deadline. The caller's signal stops
 * everything at once. When the authorizer's `resync` says a signature expired
 * (AK/SK: a 401 APIG.0303 that corrected the clock), the attempt is signed and
 * sent again, once.
 *
 * Only requests to `origin` are authorized. Any other goes out without
 * credentials, `CREDENTIAL_HEADERS` removed, so a presigned OBS URL can be
 * fetched through the client and neither our token nor our signature reaches OBS.
 *
 * `init` overrides the request, as with fetch. `init.duplex === 'half'` marks a
 * stream body (a `ReadableStream`; on Node also a `Readable` or any async
 * iterable of `Uint8Array`, which Node's `Request` accepts): it is sent as it is
 * read, never cloned, hashed or buffered, and so sent once, never retried (not
 * even after a reset or a 503: the bytes are gone). AK/SK signs it with
 * `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`. A stream inside a Request passed
 * without `duplex: 'half'` is taken for a replayable body: it works, but is
 * held in memory to be hashed and resent.
 *
 * `Host`, `Transfer-Encoding` and `Content-Length` headers (any case) are
 * dropped, whoever set them: the sender frames the request from its URL and
 * body (a caller's Host would break the signature; a second length could
 * contradict the body). A stream body keeps its Content-Length (OBS needs it).
 *
 * Answer bodies: with `READ_WHOLE` in the init (as `send` does) the body is
 * read within the attempt, up to `maxResponseBytes`; otherwise it is handed
 * over unread, and the attempt's time limit and the caller's signal still
 * cover it until its last byte (reading it then fails with a TimeoutError or
 * the signal's reason instead of hanging).
 */
export function createTransport(options: TransportOptions): FetchLike {
  const { authorize, send, retry, timeoutMs, deadlineMs, sendEnforcesTimeout = false, maxResponseBytes = 10_485_760 } = options;
  const origin = authorize && new URL(options.origin).origin;

  return async function transport(input: Request, init?: FetchInit): Promise<Response> {
    // Symbol-keyed flags (PLAIN, READ_WHOLE) alone change nothing of the request.
    const request = init && Object.keys(init).length > 0 ? new Request(input, init) : input;
    const deadline = Date.now() + deadlineMs;
    const caller = request.signal;
    const duplex = init?.duplex;
    // undefined: a plain call; false: the client's fetch to another origin.
    const authorized = authorize && !(init as { [PLAIN]?: true } | undefined)?.[PLAIN] ? new URL(request.url).origin === origin : undefined;
    if (authorized === false) for (const name of CREDENTIAL_HEADERS) request.headers.delete(name);
    for (const name of duplex ? FRAMING.slice(0, 2) : FRAMING) if (request.headers.has(name)) request.headers.delete(name);
    const retriable = !duplex && IDEMPOTENT.has(request.method);
    const whole = !duplex && (init as { [READ_WHOLE]?: boolean } | undefined)?.[READ_WHOLE] === true;
    // A body can be read once: keep the original as a template and send clones.
    // A stream is sent itself (a clone would tee it, holding every byte in memory).
    const template = duplex || request.body === null ? undefined : request;
    let resynced = false;
    let attempts = 0;

    for (;;) {
      attempts += 1;
      const current = template ? template.clone() : request;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new RequestFailedError({ method: request.method, url: request.url, attempts: attempts - 1, reason: `deadline of ${deadlineMs} ms exceeded` });
      }
      if (authorized) {
        // A stream cannot be hashed before it is sent: AK/SK signs this literal instead (token auth ignores it).
        if (duplex) current.headers.set('x-sdk-content-sha256', UNSIGNED_PAYLOAD);
        await authorize!(current);
      }

      let response: Response | undefined;
      const limit = Math.min(timeoutMs, remaining);
      const attempt = sendEnforcesTimeout ? undefined : attemptSignal(caller, limit);
      try {
        // Core's Node sender enforces timeoutMs and reads the body itself; others get the attempt's signal.
        const sendInit = { signal: attempt?.signal ?? caller, timeoutMs: limit, duplex, maxBytes: whole ? maxResponseBytes : undefined };
        response = await send(current, sendInit);
        if (whole && !sendEnforcesTimeout) response = await readWhole(response, maxResponseBytes);
      } catch (error) {
        if (caller.aborted) throw abortReason(caller);
        // The head of an answer whose body failed: the Node sender's, or the one in hand.
        const head = (error as { head?: ResponseInit } | undefined)?.head ?? response;
        const tooLarge = (error as Error)?.message === TOO_LARGE;
        const reason = tooLarge
          ? `the response body exceeds options.maxResponseBytes (${maxResponseBytes} bytes)`
          : (error as Error)?.name === 'TimeoutError'
            ? `no response within ${limit} ms`
            : describeCause(error);
        const delay = backoffMs(retry, attempts);
        // A refused connection sent nothing: safe to retry whatever the method (a replayable body aside).
        // A truncated body or a stalled one fails like a reset: retried when idempotent.
        if (tooLarge || !(retriable || (!duplex && refused(error))) || attempts >= retry.maxAttempts || Date.now() + delay >= deadline) {
          throw new RequestFailedError({
            method: request.method,
            url: request.url,
            attempts,
            reason,
            cause: error,
            status: head?.status,
            requestId: (head?.headers as Headers | undefined)?.get('x-request-id'),
          });
        }
        await wait(delay, caller);
        continue;
      } finally {
        // An unread body the caller will stream keeps its time limit (and the caller's signal) until read.
        if (whole || !response?.body) attempt?.settle();
      }

      // Only our own signature can have expired, and only a replayable body can be signed again.
      if (authorized && !duplex && !resynced && (await authorize!.resync?.(response, current))) {
        resynced = true;
        attempts -= 1; // the gateway refused before the service saw it: not a spent attempt
        await discard(response);
        continue;
      }

      // Throttling (429) means the request was not processed, so any method may be retried, as the AWS SDK does;
      // other statuses only for idempotent methods: a POST the server has read is never sent twice.
      if ((retriable || (!duplex && response.status === 429)) && RETRYABLE_STATUS.has(response.status) && attempts < retry.maxAttempts) {
        const delay = retryAfterMs(response) ?? backoffMs(retry, attempts);
        if (delay <= retry.maxDelayMs && Date.now() + delay < deadline) {
          await discard(response);
          await wait(delay, caller);
          continue;
        }
      }
      return response;
    }
  };
}

/**
 * The client's fetch without authorization, for presigned URLs (OBS uploads
 * and downloads) and other hosts: the same transport, so the same sender, retry
 * policy, attempt timeout, deadline and abort handling, but no request
 * is authorized, to any origin, and headers go out exactly as given (an OBS
 * `Authorization` the caller computed, say). Stream bodies as with the client's
 * fetch (see `createTransport`). A separate function, so apps that do not use
 * it do not bundle it.
 *
 * @example
 * const plain = createPlainFetch(client);
 * await plain(new Request(presignedUrl, { method: 'PUT', headers: { 'Content-Length': String(size) } }), { body: stream, duplex: 'half' });
 */
export function createPlainFetch(client: { readonly fetch: FetchLike }): FetchLike {
  return (request, init) => client.fetch(request, { ...init, [PLAIN]: true } as FetchInit);
}

/** The connection was refused: nothing of the request reached a server. */
function refused(error: unknown): boolean {
  const { code, cause } = error as { code?: string; cause?: { code?: string } };
  return (code ?? cause?.code) === 'ECONNREFUSED';
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return cause?.message ?? (error as Error)?.message ?? String(error);
}
