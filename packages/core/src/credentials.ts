import { checkHeaderSafe, InvalidInputError } from './errors.js';
import { akskSigner, type AccessKeyCredentials, type AkskSigner } from './signer.js';

export type { AccessKeyCredentials } from './signer.js';

/** An IAM user token: the `X-Subject-Token` header of IAM's "obtain a user token" API. */
export interface TokenCredentials {
  token: string;
  /** A token and an access key pair are alternatives: give one kind. */
  accessKey?: never;
  secretKey?: never;
  securityToken?: never;
}

/** Credentials known at the time of the call. */
export type StaticCredentials = TokenCredentials | AccessKeyCredentials;

/**
 * Called before every request attempt, so rotated or refreshed credentials
 * (temporary AK/SK, a renewed token) take effect without a new client.
 */
export type CredentialsProvider = () => StaticCredentials | Promise<StaticCredentials>;

/** How a client authenticates: a token, an access key pair, or a provider of either. */
export type Credentials = StaticCredentials | CredentialsProvider;

/**
 * Applies credentials to one request attempt (signing it, for AK/SK, with the
 * client's clock). With a signer, `resync(response, request)` reads the answer
 * to a signed request: true when the gateway refused its signature as expired
 * and the request was signed a minute or more off the gateway's clock (now
 * corrected), so the attempt is worth signing again.
 */
export type Authorizer = ((request: Request) => Promise<void>) & { resync?: (response: Response, request: Request) => Promise<boolean> };

const REDACTED = '[redacted]';
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

function isTokenCredentials(value: StaticCredentials): value is TokenCredentials {
  return 'token' in value;
}

function checkStatic(value: unknown, where: string, signer: AkskSigner | undefined): StaticCredentials {
  if (value === null || typeof value !== 'object') {
    throw new InvalidInputError(
      where,
      `${where} must be { token }, { accessKey, secretKey, securityToken? }, or a function returning one of them.`,
    );
  }
  const given = value as Record<string, unknown>;
  if ('token' in given && ('accessKey' in given || 'secretKey' in given)) {
    throw new InvalidInputError(where, `${where} has both a token and an access key pair; give one kind: { token } or { accessKey, secretKey, securityToken? }.`);
  }
  if ('token' in given) {
    if (typeof given.token !== 'string' || given.token.trim() === '') {
      throw new InvalidInputError(`${where}.token`, `${where}.token must be a non-empty string: the X-Subject-Token value returned by IAM.`);
    }
    checkHeaderSafe(given.token, `${where}.token`);
    return value as TokenCredentials;
  }
  if ('accessKey' in given || 'secretKey' in given) {
    if (!signer) {
      throw new InvalidInputError(
        where,
        `${where} is an access key pair, which needs the AK/SK signer: use create<Service>Client or spread fromEnv(), or give the bare client signer: akskSigner (every package exports it).`,
      );
    }
    signer.check(given, where);
    return value as AccessKeyCredentials;
  }
  throw new InvalidInputError(
    where,
    `${where} must be { token } or { accessKey, secretKey, securityToken? }; it has neither.`,
  );
}

/**
 * Checks credentials once at client creation (or on every provider call) and
 * returns the function that applies them. Secrets stay in this closure; no
 * error or returned object carries them.
 */
export function createAuthorizer(credentials: Credentials | undefined, projectId: string, signer?: AkskSigner): Authorizer {
  if (credentials === undefined) {
    throw new InvalidInputError(
      'options.credentials',
      'options.credentials is required: { token }, { accessKey, secretKey }, a provider function, or fromEnv().',
    );
  }
  const clock = signer?.clock?.();
  const apply = async (found: StaticCredentials, request: Request): Promise<void> => {
    if (isTokenCredentials(found)) {
      request.headers.set('X-Auth-Token', found.token);
      return;
    }
    request.headers.delete('X-Auth-Token');
    request.headers.set('X-Project-Id', projectId);
    await signer!.sign(request, found, clock ? clock.now() : new Date());
  };
  let authorize: Authorizer;
  if (typeof credentials === 'function') {
    authorize = async (request) => {
      let found: unknown;
      try {
        found = await credentials();
      } catch (error) {
        // The provider's own message may quote what it read (a key, a token): keep it as the cause only.
        const failure = new InvalidInputError('options.credentials', 'The credentials provider failed; its error is the cause of this one.');
        Object.defineProperty(failure, 'cause', { value: error, enumerable: false });
        throw failure;
      }
      await apply(checkStatic(found, 'the credentials provider result', signer), request);
    };
  } else {
    const checked = checkStatic(credentials, 'options.credentials', signer);
    authorize = (request) => apply(checked, request);
  }
  if (clock) authorize.resync = (response, request) => clock.resync(response, request);
  return authorize;
}

/**
 * Access keys whose secret parts never show in `JSON.stringify`, `util.inspect`,
 * template strings or console output; only `accessKey` is visible.
 */
export function redactedAccessKeys(keys: AccessKeyCredentials): AccessKeyCredentials {
  const visible = { accessKey: keys.accessKey, secretKey: REDACTED, ...(keys.securityToken ? { securityToken: REDACTED } : {}) };
  const credentials = { accessKey: keys.accessKey } as AccessKeyCredentials;
  Object.defineProperties(credentials, {
    secretKey: { value: keys.secretKey, enumerable: false },
    securityToken: { value: keys.securityToken, enumerable: false },
    toJSON: { value: () => visible, enumerable: false },
    toString: { value: () => `AccessKeyCredentials(${keys.accessKey})`, enumerable: false },
    [inspectSymbol]: { value: () => visible, enumerable: false },
  });
  return Object.freeze(credentials);
}

export interface EnvironmentConfig {
  credentials: AccessKeyCredentials;
  projectId: string;
  /** The AK/SK signer the credentials need, so that a bare client takes `...fromEnv()` as the full one does. */
  signer: AkskSigner;
}

/**
 * Reads the official SDK's variables: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK,
 * HUAWEICLOUD_SDK_PROJECT_ID and, for temporary credentials,
 * HUAWEICLOUD_SDK_SECURITY_TOKEN. The secret parts are redacted from any
 * rendering of the returned object.
 *
 * @example createLiveClient({ region: 'cn-north-4', ...fromEnv() })
 */
export function fromEnv(env: Record<string, string | undefined> = globalThis.process?.env ?? {}): EnvironmentConfig {
  const accessKey = env.HUAWEICLOUD_SDK_AK?.trim();
  const secretKey = env.HUAWEICLOUD_SDK_SK?.trim();
  const projectId = env.HUAWEICLOUD_SDK_PROJECT_ID?.trim();
  const missing = [
    !accessKey && 'HUAWEICLOUD_SDK_AK',
    !secretKey && 'HUAWEICLOUD_SDK_SK',
    !projectId && 'HUAWEICLOUD_SDK_PROJECT_ID',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new InvalidInputError(
      'environment',
      `fromEnv(): set ${missing.join(', ')} (the access key pair from "My Credentials > Access Keys" and the project ID).`,
    );
  }
  const securityToken = env.HUAWEICLOUD_SDK_SECURITY_TOKEN?.trim() || undefined;
  return {
    credentials: redactedAccessKeys({ accessKey: accessKey!, secretKey: secretKey!, securityToken }),
    projectId: projectId!,
    signer: akskSigner,
  };
}
