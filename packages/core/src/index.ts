export { createClientConfig, type CallOptions, type ClientConfig, type ClientOptions, type FetchLike } from './client.js';
export { createAuthorizer, type AuthHeaders, type Credentials, type TokenCredentials } from './credentials.js';
export { knownRegions, resolveEndpoint, type EndpointOptions, type ServerEntry } from './endpoint.js';
export { InvalidInputError } from './errors.js';
export { checkParameters, type ParameterRule, type ParameterRules, type ParameterType } from './parameters.js';
