import { InvalidInputError } from './errors.js';

/** An IAM user token: the `X-Subject-Token` header of IAM's "obtain a user token" API. */
export interface TokenCredentials {
  token: string;
}

/** How a client authenticates. AK/SK credentials join this union in the runtime-core work. */
export type Credentials = TokenCredentials;

/** Headers a credential contributes to every request. */
export type AuthHeaders = (request: Request) => void;

/**
 * Checks the credentials once, when the client is created, and returns the
 * function that applies them to each request. The secret stays in that
 * closure: it is never echoed in an error or kept on an inspectable object.
 */
export function createAuthorizer(credentials: Credentials | undefined): AuthHeaders {
  if (credentials === null || typeof credentials !== 'object') {
    throw new InvalidInputError(
      'options.credentials',
      'options.credentials is required: pass { token } with an IAM user token.',
    );
  }
  if ('token' in credentials) {
    const token = credentials.token;
    if (typeof token !== 'string' || token.trim() === '') {
      throw new InvalidInputError(
        'options.credentials.token',
        'options.credentials.token must be a non-empty string: the X-Subject-Token value returned by IAM.',
      );
    }
    return (request) => request.headers.set('X-Auth-Token', token);
  }
  throw new InvalidInputError(
    'options.credentials',
    'options.credentials must be { token }, an IAM user token.',
  );
}
