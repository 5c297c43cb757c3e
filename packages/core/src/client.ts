import { createAuthorizer, type Credentials } from './credentials.js';
import { resolveEndpoint, type ServerEntry } from './endpoint.js';
import { InvalidInputError } from './errors.js';

/** The fetch a client sends through: the global `fetch`, or any function of the same shape. */
export type FetchLike = (request: Request) => Promise<Response>;

interface CommonClientOptions {
  /** Project ID: fills every `{project_id}` path parameter. */
  projectId: string;
  /** How to authenticate: `{ token }` (IAM user token). */
  credentials: Credentials;
  /** A fetch to send requests with (tests, proxies, instrumentation). Defaults to the global `fetch`. */
  fetch?: FetchLike | undefined;
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

/** Per-call options of a generated method, passed through to openapi-fetch. */
export interface CallOptions {
  /** Aborts the request. */
  signal?: AbortSignal | undefined;
  /** Extra request headers. Authentication headers are set by the client and override these. */
  headers?: Record<string, string> | undefined;
}

/** What a generated client needs from its options, checked once at creation. */
export interface ClientConfig {
  baseUrl: string;
  projectId: string;
  /** The fetch handed to openapi-fetch: it authenticates each request, then sends it. */
  fetch: FetchLike;
}

/**
 * Validates a client's options and builds the pieces the generated wrapper
 * hands to openapi-fetch. Every error names the option and the fix.
 */
export function createClientConfig(
  service: string,
  servers: readonly ServerEntry[],
  options: ClientOptions,
): ClientConfig {
  if (options === null || typeof options !== 'object') {
    throw new InvalidInputError(
      'options',
      `create client for ${service} needs options { region, projectId, credentials }.`,
    );
  }
  const baseUrl = resolveEndpoint(service, servers, options);
  const { projectId } = options;
  if (typeof projectId !== 'string' || projectId.trim() === '') {
    throw new InvalidInputError(
      'options.projectId',
      'options.projectId must be a non-empty string: the project ID shown under "My Credentials > API Credentials" in the console.',
    );
  }
  const authorize = createAuthorizer(options.credentials);
  const send = options.fetch ?? globalThis.fetch;
  if (typeof send !== 'function') {
    throw new InvalidInputError('options.fetch', 'No global fetch in this runtime: pass options.fetch.');
  }
  const fetch: FetchLike = (request) => {
    authorize(request);
    return send(request);
  };
  return { baseUrl, projectId, fetch };
}
