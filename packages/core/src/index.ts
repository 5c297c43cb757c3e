export { createClientConfig, type BareClient, type BareClientOptions, type CallOptions, type ClientConfig, type ClientOptions } from './client.js';
export {
  createAuthorizer,
  fromEnv,
  redactedAccessKeys,
  type AccessKeyCredentials,
  type Authorizer,
  type Credentials,
  type CredentialsProvider,
  type EnvironmentConfig,
  type StaticCredentials,
  type TokenCredentials,
} from './credentials.js';
export { closestName } from './names.js';
export { DEFAULT_MAX_PAGES, paginate, PaginationError, type PagedIterable, type PaginateOptions, type PaginationSpec } from './paginate.js';
export { readPath } from './path.js';
export { send, type ParseAs, type RequestSpec, type SendResult } from './request.js';
export { waitFor, WaiterError, type WaiterSpec, type WaitOptions } from './wait.js';
export { knownRegions, resolveEndpoint, type EndpointOptions, type ServerEntry } from './endpoint.js';
export { abortReason, checkHeaderSafe, InvalidInputError, normalizeError, ok, RequestFailedError, requestIdOf, ServiceError, type OkData } from './errors.js';
export { checkBody, invoke, type BodySpec, type Input, type OperationSpec, type ParameterSpec } from './invoke.js';
export {
  anyJson,
  array,
  boolean,
  checkShape,
  date,
  dateTime,
  integer,
  number,
  object,
  plainString,
  resolveShape,
  string,
  uri,
  uuid,
  type CheckContext,
  type Format,
  type Kind,
  type Shape,
  type ShapeNode,
  type ValidationMode,
} from './shape.js';
export { checkTimeWindow, type TimeWindowSpec } from './time-window.js';
export { akskSigner, formatSdkDate, signRequest, type AkskSigner, type SignOptions, type SigningClock } from './signer.js';
export {
  createPlainFetch,
  createTransport,
  type FetchInit,
  type FetchLike,
  type RetryOptions,
  type TransportOptions,
} from './transport.js';
