import { createAuthorizer, type Credentials } from './credentials.js';
import { resolveEndpoint, type ServerEntry } from './endpoint.js';
import { InvalidInputError } from './errors.js';
import { defaultSend, enforcesTimeout } from '#send';
import type { ValidationMode } from './shape.js';
import type { AkskSigner } from './signer.js';
import type { TokenCredentials } from './credentials.js';
import { createTransport, type FetchLike, type RetryOptions } from './transport.js';

interface CommonClientOptions {
  /** Project ID: fills every `{project_id}` path parameter (and X-Project-Id when signing). */
  projectId: string;
  /** `{ token }`, `{ accessKey, secretKey, securityToken? }`, or a function returning either per request. */
  credentials: Credentials;
  /**
   * Signs requests made with access key credentials. `create<Service>Client` and
   * `fromEnv()` bring `akskSigner` themselves; a bare client needs it only for AK/SK.
   */
  signer?: AkskSigner | undefined;
  /**
   * A fetch to send requests with (proxies, instrumentation, tests). Default: on
   * Node, a node:http sender (faster than Node's fetch; returns redirects rather
   * than following them); elsewhere the global `fetch`.
   */
  fetch?: FetchLike | undefined;
  /** Retries of idempotent requests; `false` sends each request once. */
  retry?: RetryOptions | false | undefined;
  /**
   * Time limit of each attempt in ms, from sending to the last byte of the
   * answer's body (an operation's body, or one the caller streams). Default
   * 30 000; Infinity for none.
   */
  timeoutMs?: number | undefined;
  /** Time limit of a whole call, retries, waits and the answer's body included, in ms. Default: none. */
  deadlineMs?: number | undefined;
  /**
   * Largest answer an operation function reads, in bytes: a longer body fails
   * the call with a RequestFailedError naming this option, instead of filling
   * memory. Default 10 485 760 (10 MiB); Infinity for none. Bodies streamed to
   * the caller (`parseAs: 'stream'`, `raw`, `fetch`) are not counted.
   */
  maxResponseBytes?: number | undefined;
  /**
   * How much of each call's input is checked before sending: `'full'` (default:
   * kinds, required, unknown names, enums, ranges, lengths, patterns, formats),
   * `'types'` (all but ranges, lengths, patterns and formats: the service
   * judges those), or `'off'` (only what keeps the request well-formed).
   */
  validate?: ValidationMode | undefined;
}

/**
 * Options of every generated `create<Service>Client`. Give `region` (one the
 * spec's servers know) or `endpoint` (any base URL); `endpoint` wins.
 */
export type ClientOptions<Region extends string = string> = CommonClientOptions &
  (
    | { region: Region; endpoint?: string | URL | undefined }
    | { endpoint: string | URL; region?: Region | undefined }
  );

/**
 * Options of every generated `create<Service>BareClient`: those of the full
 * client, but an access key pair needs `signer: akskSigner` (or `...fromEnv()`),
 * so that a token-only app does not carry the signer.
 */
export type BareClientOptions<Region extends string = string> = ClientOptions<Region> &
  (
    | { credentials: TokenCredentials | (() => TokenCredentials | Promise<TokenCredentials>); signer?: AkskSigner | undefined }
    | { credentials: Credentials; signer: AkskSigner }
  );

/** Per-call options of a generated method. */
export interface CallOptions {
  /** Aborts the call, retries and waits included. */
  signal?: AbortSignal | undefined;
  /**
   * Extra request headers. Authentication headers are set by the client and
   * override these; `Host`, `Transfer-Encoding` and `Content-Length` (any case)
   * are dropped: the client frames the request from its endpoint and body.
   */
  headers?: Record<string, string> | undefined;
  /**
   * Sends body properties the spec does not list instead of refusing them: for
   * a field the service added after this client was generated. Everything the
   * spec does list is still checked.
   */
  allowUnknownProperties?: boolean | undefined;
}

/**
 * The smallest client: what every generated operation function needs (where
 * to send, how, and the project). `create<Service>BareClient` returns one; the
 * full `create<Service>Client` adds a method per operation and `raw`, an
 * openapi-fetch client over the same fetch.
 */
export interface BareClient<Service extends string = string> {
  /** The service the client speaks to: an operation function of another service refuses the client at compile time. */
  readonly service: Service;
  /** The service endpoint the paths are appended to, without a trailing slash. */
  readonly baseUrl: string;
  /** Fills every `{project_id}` path parameter. */
  readonly projectId: string;
  /** Authenticates, signs, retries and times each request. */
  readonly fetch: FetchLike;
  /** How much of each call's input is checked before sending (default `'full'`). */
  readonly validate?: ValidationMode;
}

/** What a generated client needs from its options, checked once at creation: a bare client. */
export type ClientConfig<Service extends string = string> = BareClient<Service>;

function duration(value: unknown, name: string, fallback: number, { allowInfinity = true } = {}): number {
  if (value === undefined) return fallback;
  // A timer cannot honour more than 2^31 − 1 ms: Node fires a longer one after 1 ms, failing every request.
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0 || (value > 2 ** 31 - 1 && !(allowInfinity && value === Infinity))) {
    throw new InvalidInputError(name, `${name} must be a positive number of milliseconds up to 2147483647 (about 24.8 days)${allowInfinity ? ', or Infinity for none' : ''}; got ${String(value)}.`);
  }
  return value;
}

function retryPolicy(retry: RetryOptions | false | undefined): Required<RetryOptions> {
  if (retry === false) return { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };
  if (retry !== undefined && (retry === null || typeof retry !== 'object')) {
    throw new InvalidInputError('options.retry', 'options.retry must be { maxAttempts?, baseDelayMs?, maxDelayMs? } or false.');
  }
  const maxAttempts = retry?.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) {
    throw new InvalidInputError('options.retry.maxAttempts', `options.retry.maxAttempts must be an integer from 1 to 20; got ${String(maxAttempts)}.`);
  }
  return {
    maxAttempts,
    baseDelayMs: duration(retry?.baseDelayMs, 'options.retry.baseDelayMs', 200, { allowInfinity: false }),
    maxDelayMs: duration(retry?.maxDelayMs, 'options.retry.maxDelayMs', 20_000, { allowInfinity: false }),
  };
}

/**
 * Validates a client's options and builds the pieces the generated wrapper
 * sends requests with. Every error names the option and the fix.
 */
export function createClientConfig<Service extends string>(
  service: Service,
  servers: readonly ServerEntry[],
  options: ClientOptions,
  /** The signer used when options give none: the full client's `akskSigner`; a bare client has none. */
  defaultSigner?: AkskSigner,
): ClientConfig<Service> {
  if (options === null || typeof options !== 'object') {
    throw new InvalidInputError('options', `The ${service} client needs options { region, projectId, credentials }.`);
  }
  const baseUrl = resolveEndpoint(service, servers, options);
  const { projectId } = options;
  if (typeof projectId !== 'string' || projectId.trim() === '') {
    throw new InvalidInputError(
      'options.projectId',
      'options.projectId must be a non-empty string: the project ID shown under "My Credentials > API Credentials" in the console.',
    );
  }
  if (projectId === '.' || projectId === '..' || /[/?#\s]/.test(projectId)) {
    throw new InvalidInputError('options.projectId', 'options.projectId must be a project ID (letters and digits): it fills a segment of every request path.');
  }
  const { signer = defaultSigner } = options;
  // A signer's sign and check, and its clock when it has one, are functions.
  if (signer !== undefined && !(typeof signer?.sign === 'function' && typeof signer.check === 'function' && typeof (signer.clock ?? signer.sign) === 'function')) {
    throw new InvalidInputError('options.signer', 'options.signer must be akskSigner (exported by every package), or left out.');
  }
  const authorize = createAuthorizer(options.credentials, projectId, signer);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new InvalidInputError('options.fetch', 'options.fetch must be a function (request, init?) => Promise<Response>, like fetch.');
  }
  const send = options.fetch ?? defaultSend;
  const sendEnforcesTimeout = options.fetch === undefined && enforcesTimeout;
  const { maxResponseBytes = 10_485_760 } = options;
  if (typeof maxResponseBytes !== 'number' || !(maxResponseBytes > 0)) {
    throw new InvalidInputError('options.maxResponseBytes', `options.maxResponseBytes must be a positive number of bytes or Infinity; got ${String(maxResponseBytes)}.`);
  }
  const fetch = createTransport({
    authorize,
    origin: baseUrl, // credentials go to the service's origin only
    send,
    retry: retryPolicy(options.retry),
    timeoutMs: duration(options.timeoutMs, 'options.timeoutMs', 30_000),
    deadlineMs: duration(options.deadlineMs, 'options.deadlineMs', Infinity),
    sendEnforcesTimeout,
    maxResponseBytes,
  });
  const { validate = 'full' } = options;
  if (validate !== 'full' && validate !== 'types' && validate !== 'off') {
    throw new InvalidInputError('options.validate', `options.validate must be 'full', 'types' or 'off'; got ${JSON.stringify(validate)}.`);
  }
  return { service, baseUrl, projectId, fetch, validate };
}
