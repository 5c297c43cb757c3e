import type { BareClient, CallOptions } from './client.js';
import { clean, serviceError, textSnippet } from './errors.js';
import { READ_WHOLE, type FetchInit } from './transport.js';

/** How a 2xx body is read: openapi-fetch's `parseAs`, same names, same results. */
export type ParseAs = 'json' | 'text' | 'blob' | 'arrayBuffer' | 'stream';

/** One request of a generated operation function, as `send` takes it. */
export interface RequestSpec {
  method: string;
  /** The spec's path template, `{name}` placeholders and all. */
  path: string;
  /** Values of the template's placeholders. */
  pathParams?: Record<string, unknown> | undefined;
  /**
   * Query parameters: primitives, or arrays sent as one `name=value` per item;
   * `undefined` and `null` ones are left out.
   */
  query?: Record<string, unknown> | undefined;
  /** Query arrays sent as one comma-joined value instead (`explode: false`). */
  joined?: readonly string[] | undefined;
  /** Header parameters; the client's authentication headers are set after them and win. */
  headers?: Record<string, string> | undefined;
  /** A JSON body; sent with `Content-Type: application/json`. */
  body?: unknown;
  /**
   * How a 2xx body becomes `data`: `'json'` (default), `'text'` (OBS's XML),
   * `'blob'`, `'arrayBuffer'`, or `'stream'` (the unread `response.body`).
   * Error bodies are read as JSON, else text, whatever this says.
   */
  parseAs?: ParseAs | undefined;
}

/**
 * The `error` of a failed answer whose body is not a JSON object (empty, a
 * proxy's HTML, plain text): never falsy, so `if (result.error)` cannot miss a
 * failure. `error_msg` holds the text (tags removed, control characters
 * replaced, at most 160 characters) or the status text.
 */
function emptyError(response: Response, text: string): { status: number; error_msg: string } {
  return { status: response.status, error_msg: textSnippet(clean(text)) || response.statusText || `HTTP ${response.status} with an empty body` };
}

/** The first-party answer shape of every operation function: openapi-fetch's `{ data } | { error }`, plus the Response. */
export type SendResult = { data?: unknown; error?: unknown; response: Response };

function encoded(value: unknown): string {
  return encodeURIComponent(String(value));
}

/**
 * Sends one operation's request through the client's authenticated fetch and
 * reads the answer the way openapi-fetch does: `{ data, response }` on 2xx
 * (JSON, or undefined when there is no body), `{ error, response }` otherwise
 * (JSON when it parses, else the text). Path values are percent-encoded, query
 * values too; the generated functions use it instead of openapi-fetch's
 * runtime so that an app calling one operation ships only this.
 *
 * Unlike openapi-fetch, a 2xx whose body is not JSON (an HTML page from a
 * proxy) rejects with a ServiceError carrying the status and request id. The
 * client's fetch reads the body (all but `parseAs: 'stream'`) within the
 * attempt's time limit and `maxResponseBytes`, retrying a cut-short body of an
 * idempotent request. A `Host`, `Transfer-Encoding` or `Content-Length` in
 * `init.headers` is dropped (see `createTransport`).
 * A path value fills its segment only: `/` is sent (and signed) as `%2F`.
 */
export async function send(client: BareClient, spec: RequestSpec, init?: CallOptions): Promise<SendResult> {
  const path = spec.path.replace(/\{([^}]+)\}/g, (_, name: string) => encoded(spec.pathParams?.[name]));
  const query: string[] = [];
  for (const [name, value] of Object.entries(spec.query ?? {})) {
    if (value === undefined || value === null) continue;
    const items = Array.isArray(value) ? value : [value];
    if (spec.joined?.includes(name)) query.push(`${encoded(name)}=${items.map(encoded).join(',')}`);
    else for (const item of items) query.push(`${encoded(name)}=${encoded(item)}`);
  }
  const headers = new Headers(init?.headers);
  for (const [name, value] of Object.entries(spec.headers ?? {})) headers.set(name, value);
  let body: string | undefined;
  if (spec.body !== undefined) {
    body = JSON.stringify(spec.body);
    headers.set('Content-Type', 'application/json');
  }
  const request = new Request(`${client.baseUrl}${path}${query.length > 0 ? `?${query.join('&')}` : ''}`, {
    method: spec.method,
    headers,
    body,
    signal: init?.signal ?? null,
  });
  const { parseAs = 'json' } = spec;
  const response = await client.fetch(request, { [READ_WHOLE]: parseAs !== 'stream' } as FetchInit);
  const length = response.headers.get('Content-Length');
  if (response.status === 204 || spec.method === 'HEAD' || (length === '0' && !response.headers.get('Transfer-Encoding')?.includes('chunked'))) {
    return response.ok ? { data: undefined, response } : { error: emptyError(response, ''), response };
  }
  if (response.ok && parseAs !== 'json') return { data: parseAs === 'stream' ? response.body : await response[parseAs](), response };
  const text = await response.text();
  if (response.ok) {
    try {
      return { data: text === '' ? undefined : JSON.parse(text), response };
    } catch {
      throw serviceError(response, text, 'answered with a body that is not JSON:');
    }
  }
  let error: unknown;
  try {
    error = JSON.parse(text);
  } catch {
    // not JSON (a proxy's HTML page, plain text)
  }
  return { error: error !== null && typeof error === 'object' ? error : emptyError(response, text), response };
}
