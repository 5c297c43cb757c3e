/**
 * Thrown before any request is sent when a client option or an operation
 * parameter cannot be used. The message names the input and the fix; it never
 * contains a credential.
 */
export class InvalidInputError extends TypeError {
  override readonly name = 'InvalidInputError';

  /** Which input was wrong, as a path: `options.region`, `DeletePullTask.task_id`. */
  readonly input: string;

  constructor(input: string, message: string) {
    super(message);
    this.input = input;
  }
}

/**
 * What an aborted call rejects with: the signal's reason when it is an error (the
 * `AbortError` of `controller.abort()`, a `TimeoutError`, or the caller's own error),
 * otherwise an `AbortError` whose `cause` is that reason — so `error.name`,
 * `error.message` and `error.stack` are there whatever `abort(reason)` was given.
 */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error || (typeof DOMException === 'function' && reason instanceof DOMException)) return reason as Error;
  const error = new Error(`The call was aborted (reason: ${describeValue(reason)}).`, { cause: reason });
  error.name = 'AbortError';
  return error;
}

/** A short, safe rendering of a rejected non-secret value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `${typeof value} ${String(value)}`;
  }
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** The URL without query or fragment: query values may carry identifiers or secrets. */
export function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
}

/**
 * Server text made safe to copy into a message or a log line: control
 * characters (line breaks, escapes, NUL; C0, DEL, C1, U+2028/9) become spaces,
 * so an answer cannot forge log lines or terminal output.
 */
export function clean(text: string): string {
  return text.replace(/[\0-\x1f\x7f-\x9f\u2028\u2029]+/g, ' ');
}

/**
 * Thrown when no full response arrived: every attempt failed at the network
 * level (reset, refused, timed out, a body cut short or stalled), the overall
 * deadline passed, or the body exceeded `maxResponseBytes`. When an answer's
 * head did arrive, `status` and `requestId` say which.
 */
export class RequestFailedError extends Error {
  override readonly name = 'RequestFailedError';
  readonly method: string;
  /** The request URL without its query. */
  readonly url: string;
  readonly attempts: number;
  /** The status of the last answer whose body failed; undefined when no answer arrived. */
  readonly status: number | undefined;
  /** Its `X-Request-Id`, for the service's support. */
  readonly requestId: string | undefined;

  constructor(details: { method: string; url: string; attempts: number; reason: string; cause?: unknown; status?: number | undefined; requestId?: string | null | undefined }) {
    const { status, attempts } = details;
    const requestId = details.requestId ? clean(details.requestId) : undefined;
    super(
      `${details.method} ${describeUrl(details.url)} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${clean(details.reason)}${
        status ? ` (HTTP ${status}${requestId ? `, request id ${requestId}` : ''})` : ''
      }`,
      { cause: details.cause },
    );
    this.method = details.method;
    this.url = describeUrl(details.url);
    this.attempts = attempts;
    this.status = status;
    this.requestId = requestId;
  }
}

/** The request id of a response: the `X-Request-Id` header, else `request_id` in the body. */
export function requestIdOf(response: Response, body?: unknown): string | undefined {
  const id = response.headers.get('x-request-id') || (body as { request_id?: unknown } | null)?.request_id;
  return typeof id === 'string' && id !== '' ? clean(id) : undefined;
}

/**
 * A failed call in one shape, whatever body the service, gateway or proxy sent:
 * an error status, or a 2xx whose body is not the JSON the operation answers
 * (an HTML page from a proxy). Server text in `message`, `code` and
 * `requestId` has its control characters replaced by spaces; `body` is as sent.
 */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  readonly status: number;
  /** `LIVE.100011001`, `DIS.4301`, `APIG.0303`… when the body had one. */
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  /** The body as openapi-fetch parsed it: an object, text, or undefined when empty. */
  readonly body: unknown;

  constructor(details: { status: number; code: string | undefined; message: string; requestId: string | undefined; body: unknown }) {
    super(details.message);
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.body = details.body;
  }
}

function field(body: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) if (typeof body[name] === 'string' && body[name] !== '') return body[name] as string;
  return undefined;
}

/** Readable text of a non-JSON body: tags removed, whitespace collapsed, at most 160 characters. */
export function textSnippet(text: string): string {
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.length > 160 ? `${plain.slice(0, 160)}…` : plain;
}

/**
 * Normalises a failed result (`{ error, response }` from a client method) into a
 * ServiceError; undefined when the response succeeded. Reads `error_code` /
 * `error_msg` and DIS's `errorCode` / `message`; a non-JSON, HTML or empty body
 * yields the status and request id instead of a parse failure.
 *
 * @example const failure = normalizeError(await live.deletePullTask({ task_id })); if (failure) throw failure;
 */
export function normalizeError(result: { error?: unknown; response: Response }): ServiceError | undefined {
  return result.response.ok ? undefined : serviceError(result.response, result.error);
}

/** What `ok` returns for a result: the success member's `data`. */
export type OkData<R> = Extract<R, { error?: never }> extends { data?: infer D } ? D : never;

/**
 * The data of a successful result, or a thrown ServiceError (the one
 * `normalizeError` gives) for any other: one line that both checks the answer
 * and narrows the type.
 *
 * @example const created = ok(await live.createPullTask({ body })); console.log(created.task_id);
 */
export function ok<R extends { data?: unknown; error?: unknown; response: Response }>(result: R): OkData<R> {
  const failure = normalizeError(result);
  if (failure) throw failure;
  return result.data as OkData<R>;
}

/** The ServiceError of an answer; `note` says what is wrong with a 2xx. */
export function serviceError(response: Response, error: unknown, note?: string): ServiceError {
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  let code: string | undefined;
  let message: string | undefined;
  if (error && typeof error === 'object') {
    const body = error as Record<string, unknown>;
    code = field(body, 'error_code', 'errorCode', 'code');
    message = field(body, 'error_msg', 'errorMsg', 'message');
  } else if (typeof error === 'string' && error.trim() !== '') {
    message = textSnippet(error);
  }
  const requestId = requestIdOf(response, error);
  const text = clean([status, code, note, message].filter(Boolean).join(' '));
  return new ServiceError({
    status: response.status,
    code: code && clean(code),
    message: requestId ? `${text} (request id ${requestId})` : text,
    requestId,
    body: error,
  });
}

/**
 * Refuses a credential that cannot travel in a header (a line break or NUL, as a
 * value pasted with its newline): `Headers.set` would throw with the whole
 * secret in its message. The error names the field, never the value.
 */
export function checkHeaderSafe(value: string, field: string): void {
  if (/[\r\n\0]/.test(value)) {
    throw new InvalidInputError(field, `${field} contains a line break or NUL character; remove it (a value copied with its trailing newline?).`);
  }
}
