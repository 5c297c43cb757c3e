import type { Authorizer } from './credentials.js';
import { RequestFailedError } from './errors.js';

/** The fetch a client sends through: the global `fetch`, or any function of the same shape. */
export type FetchLike = (request: Request, init?: RequestInit) => Promise<Response>;

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3; 1 disables retries. */
  maxAttempts?: number | undefined;
  /** Base of the exponential backoff, in ms (full jitter: a random wait up to base × 2^n). Default 200. */
  baseDelayMs?: number | undefined;
  /** Longest wait between attempts, in ms; a longer Retry-After is not waited for. Default 20 000. */
  maxDelayMs?: number | undefined;
}

export interface TransportOptions {
  authorize: Authorizer;
  send: FetchLike;
  retry: Required<RetryOptions>;
  /** Per-attempt timeout in ms; Infinity for none. */
  timeoutMs: number;
  /** Overall time budget of one call (all attempts and waits) in ms; Infinity for none. */
  deadlineMs: number;
  /**
   * `send` is core's Node sender, which takes `timeoutMs` in its init and
   * enforces it with a timer: no AbortController per attempt.
   */
  sendEnforcesTimeout?: boolean;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/** The gateway's "signature expired" code: our clock is off by more than it allows. */
const SIGNATURE_EXPIRED = 'APIG.0303';
/** A Date header has one-second resolution; smaller offsets are not skew. */
const MIN_SKEW_MS = 60_000;

/** A clock that can be corrected by the server's Date header; shared by all calls of a client. */
export class SkewedClock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function backoffMs(retry: Required<RetryOptions>, attempt: number): number {
  return Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
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
  if (caller.aborted) controller.abort(caller.reason);
  else caller.addEventListener('abort', () => controller.abort(caller.reason), { once: true });
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no response within ${timeoutMs} ms`, 'TimeoutError')),
    Math.max(1, Math.floor(timeoutMs)),
  );
  return { signal: controller.signal, settle: () => clearTimeout(timer) };
}

async function isSignatureExpired(response: Response): Promise<boolean> {
  if (response.status !== 401 || !response.headers.has('date')) return false;
  try {
    return (await response.clone().text()).includes(SIGNATURE_EXPIRED);
  } catch {
    return false;
  }
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The body is being thrown away; a failure to cancel it changes nothing.
  }
}

/**
 * The fetch core hands to openapi-fetch: for each attempt it authorizes (signs
 * with a fresh X-Sdk-Date), sends with a per-attempt timeout, and retries
 * idempotent requests on network errors and 429/500/502/503/504 with full-jitter
 * backoff and Retry-After, within the deadline. The caller's signal stops
 * everything at once. A 401 APIG.0303 with a Date header corrects the clock and
 * is retried once.
 */
export function createTransport(options: TransportOptions, clock: SkewedClock = new SkewedClock()): FetchLike {
  const { authorize, send, retry, timeoutMs, deadlineMs, sendEnforcesTimeout = false } = options;

  return async function transport(request: Request): Promise<Response> {
    const deadline = Date.now() + deadlineMs;
    const caller = request.signal;
    const retriable = IDEMPOTENT.has(request.method);
    // A body can be read once: keep the original as a template and send clones.
    const template = request.body === null ? undefined : request;
    let skewCorrected = false;
    let attempts = 0;

    for (;;) {
      attempts += 1;
      const current = template ? template.clone() : request;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new RequestFailedError({ method: request.method, url: request.url, attempts: attempts - 1, reason: `deadline of ${deadlineMs} ms exceeded` });
      }
      await authorize(current, clock.now());

      let response: Response;
      const limit = Math.min(timeoutMs, remaining);
      const attempt = sendEnforcesTimeout ? { signal: caller, settle() {} } : attemptSignal(caller, limit);
      try {
        const init = sendEnforcesTimeout ? { signal: caller, timeoutMs: limit } : { signal: attempt.signal };
        response = await send(current, init);
      } catch (error) {
        if (caller.aborted) throw caller.reason;
        const timedOut = (error as Error)?.name === 'TimeoutError';
        const reason = timedOut ? `no response within ${Math.min(timeoutMs, remaining)} ms` : describeCause(error);
        const delay = backoffMs(retry, attempts);
        if (!retriable || attempts >= retry.maxAttempts || Date.now() + delay >= deadline) {
          throw new RequestFailedError({ method: request.method, url: request.url, attempts, reason, cause: error });
        }
        await wait(delay, caller);
        continue;
      } finally {
        attempt.settle();
      }

      if (!skewCorrected && (await isSignatureExpired(response))) {
        const serverNow = Date.parse(response.headers.get('date')!);
        const offset = serverNow - Date.now();
        if (!Number.isNaN(serverNow) && Math.abs(offset - clock.offsetMs) >= MIN_SKEW_MS) {
          clock.offsetMs = offset;
          skewCorrected = true;
          attempts -= 1; // the gateway refused before the service saw it: not a spent attempt
          await discard(response);
          continue;
        }
      }

      if (retriable && RETRYABLE_STATUS.has(response.status) && attempts < retry.maxAttempts) {
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

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return (error as Error)?.message ?? String(error);
}
