import { hmacSha256Hex, sha256Hex } from '#hash';
import { checkHeaderSafe, InvalidInputError } from './errors.js';

/** An access key pair, optionally with the security token of temporary credentials. */
export interface AccessKeyCredentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string | undefined;
  /** An access key pair and a token are alternatives: give one kind. */
  token?: never;
}

export interface SignOptions {
  /** Signing time; defaults to now. */
  date?: Date | undefined;
  /** More header names to sign when the request has them (beyond host, x-sdk-date, x-project-id, content-type, x-security-token). */
  signedHeaders?: readonly string[] | undefined;
}

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const DEFAULT_SIGNED_HEADERS = ['content-type', 'x-project-id', 'x-sdk-content-sha256', 'x-security-token'];

/** `20191115T033655Z`: the X-Sdk-Date form of a time. */
export function formatSdkDate(date: Date): string {
  // 2019-11-15T03:36:55.000Z without its dashes, colons and milliseconds.
  return date.toISOString().replace(/[-:]|\.\d+/g, '');
}

/** Percent-encodes everything but A-Z a-z 0-9 - _ . ~ (uppercase hex, UTF-8). */
export function encodeCanonical(value: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    throw new InvalidInputError('request.url', 'The request URL contains a lone UTF-16 surrogate, which cannot be signed.');
  }
  // encodeURIComponent leaves these five unescaped; the signing guide escapes them.
  return /[!'()*]/.test(encoded)
    ? encoded.replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    : encoded;
}

function decodeLenient(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // a stray "%": sign it literally, as %25
  }
}

/** Each path segment decoded then encoded, always ending in `/`. */
export function canonicalUri(pathname: string): string {
  const segments = pathname.split('/');
  let out = '';
  for (let index = 0; index < segments.length; index++) {
    if (index > 0) out += '/';
    out += encodeCanonical(decodeLenient(segments[index]!));
  }
  return out.endsWith('/') ? out : `${out}/`;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `name=value` pairs, decoded then encoded, sorted by name then value, joined by `&`. */
export function canonicalQueryString(search: string): string {
  const query = search.startsWith('?') ? search.slice(1) : search;
  if (query === '') return '';
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = equals === -1 ? part : part.slice(0, equals);
    const value = equals === -1 ? '' : part.slice(equals + 1);
    pairs.push([decodeLenient(name), decodeLenient(value)]);
  }
  if (pairs.length > 1) pairs.sort((a, b) => compareCodeUnits(a[0], b[0]) || compareCodeUnits(a[1], b[1]));
  let out = '';
  for (let index = 0; index < pairs.length; index++) {
    const [name, value] = pairs[index]!;
    out += `${index > 0 ? '&' : ''}${encodeCanonical(name)}=${encodeCanonical(value)}`;
  }
  return out;
}

/**
 * Throws unless `keys` has a non-empty `accessKey` and `secretKey` and, when
 * given, a non-empty `securityToken`; the error names `${where}.<field>`.
 * Shared with the client's credential checks, so both say the same thing.
 */
export function checkAccessKeys(keys: Record<string, unknown>, where: string): void {
  if (typeof keys.accessKey !== 'string' || keys.accessKey.trim() === '') {
    throw new InvalidInputError(`${where}.accessKey`, `${where}.accessKey must be a non-empty string (the AK).`);
  }
  checkHeaderSafe(keys.accessKey, `${where}.accessKey`);
  if (typeof keys.secretKey !== 'string' || keys.secretKey === '') {
    throw new InvalidInputError(`${where}.secretKey`, `${where}.secretKey must be a non-empty string (the SK).`);
  }
  if (keys.securityToken !== undefined && (typeof keys.securityToken !== 'string' || keys.securityToken === '')) {
    throw new InvalidInputError(
      `${where}.securityToken`,
      `${where}.securityToken must be a non-empty string when given (temporary credentials).`,
    );
  }
  if (keys.securityToken !== undefined) checkHeaderSafe(keys.securityToken as string, `${where}.securityToken`);
}

async function bodyHash(request: Request): Promise<string> {
  // Hash exactly the bytes that will be sent; the clone leaves the body readable.
  const bytes = new Uint8Array(await request.clone().arrayBuffer());
  return bytes.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(bytes);
}

/**
 * Signs a request with `SDK-HMAC-SHA256`: sets `X-Sdk-Date`, `X-Security-Token`
 * (temporary credentials) and `Authorization` on the request and returns it.
 * Works with any fetch; every retry must be signed again.
 *
 * @example
 * const signed = await signRequest(new Request(url, { method: 'DELETE' }), { accessKey, secretKey });
 * await fetch(signed);
 */
export async function signRequest(
  request: Request,
  credentials: AccessKeyCredentials,
  options: SignOptions = {},
): Promise<Request> {
  if (credentials === null || typeof credentials !== 'object') {
    throw new InvalidInputError('credentials', 'signRequest needs credentials { accessKey, secretKey, securityToken? }.');
  }
  checkAccessKeys(credentials as unknown as Record<string, unknown>, 'credentials');
  let headers = request.headers;
  const sdkDate = formatSdkDate(options.date ?? new Date());
  try {
    headers.set('X-Sdk-Date', sdkDate);
  } catch {
    // Immutable headers (e.g. a Request from a service worker event): sign a copy.
    request = new Request(request, { headers: new Headers(request.headers) });
    headers = request.headers;
    headers.set('X-Sdk-Date', sdkDate);
  }
  if (credentials.securityToken) headers.set('X-Security-Token', credentials.securityToken);
  else headers.delete('X-Security-Token');

  const url = new URL(request.url);
  const names = ['host', 'x-sdk-date'];
  for (const name of DEFAULT_SIGNED_HEADERS) if (headers.has(name)) names.push(name);
  for (const name of options.signedHeaders ?? []) {
    const lower = name.toLowerCase();
    if (headers.has(lower) && !names.includes(lower)) names.push(lower);
  }
  names.sort(compareCodeUnits);

  let canonicalHeaders = '';
  for (const name of names) {
    const value = name === 'host' ? url.host : headers.get(name)!;
    canonicalHeaders += `${name}:${value.trim()}\n`;
  }
  const signedHeaders = names.join(';');
  const payloadHash =
    headers.get('x-sdk-content-sha256') === UNSIGNED_PAYLOAD
      ? UNSIGNED_PAYLOAD
      : request.body === null
        ? EMPTY_BODY_SHA256
        : await bodyHash(request);
  const canonicalRequest =
    `${request.method}\n${canonicalUri(url.pathname)}\n${canonicalQueryString(url.search)}\n` +
    `${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
  // node:crypto answers synchronously; awaiting only real promises saves two microtasks per signature.
  const digest = sha256Hex(canonicalRequest);
  const stringToSign = `${SIGNING_ALGORITHM}\n${sdkDate}\n${typeof digest === 'string' ? digest : await digest}`;
  const mac = hmacSha256Hex(credentials.secretKey, stringToSign);
  const signature = typeof mac === 'string' ? mac : await mac;
  headers.set(
    'Authorization',
    `${SIGNING_ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  );
  return request;
}

/**
 * What a client needs to use access key credentials: their check and the
 * `SDK-HMAC-SHA256` signature. `create<Service>Client` and `fromEnv()` bring it
 * themselves; a bare client takes it as `signer`, so an app that authenticates
 * with a token (a browser app, which must never hold AK/SK) does not carry it.
 */
export interface AkskSigner {
  /** Refuses keys that cannot be used, naming the field (never the value). */
  readonly check: (keys: Record<string, unknown>, where: string) => void;
  /** Signs one request attempt at `date`. */
  readonly sign: (request: Request, keys: AccessKeyCredentials, date: Date) => Promise<unknown>;
  /** A clock for one client's signatures (see `SigningClock`). */
  readonly clock?: () => SigningClock;
}

/** The time one client signs at: ours, corrected by the gateway's when it says a signature expired. */
export interface SigningClock {
  now(): Date;
  /**
   * Reads the answer to `request`, signed with this clock: true when the
   * gateway refused its signature as expired (401 `APIG.0303`) and the
   * request's `X-Sdk-Date` was off the gateway's Date header by a minute or
   * more, so signing it again with the corrected clock can succeed. The clock
   * takes the gateway's time then (requests signed before the correction,
   * answered later, still count as off and are worth signing again).
   */
  resync(response: Response, request: Request): Promise<boolean>;
}

/** The gateway's "signature expired" code: our clock is off by more than it allows. */
const SIGNATURE_EXPIRED = 'APIG.0303';
/** A Date header has one-second resolution and the gateway allows minutes: smaller offsets are not skew. */
const MIN_SKEW_MS = 60_000;

/** The time of an X-Sdk-Date value (`20191115T033655Z`); NaN when it is not one. */
function parseSdkDate(value: string | null): number {
  const iso = value?.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z');
  return iso === value ? NaN : Date.parse(iso!);
}

function signingClock(): SigningClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    async resync(response, request) {
      if (response.status !== 401 || !response.headers.has('date')) return false;
      const serverNow = Date.parse(response.headers.get('date')!);
      const signedAt = parseSdkDate(request.headers.get('x-sdk-date'));
      // A signature made at the gateway's time that still "expired" is not skew: re-signing would not help.
      if (Number.isNaN(serverNow) || Number.isNaN(signedAt) || Math.abs(serverNow - signedAt) < MIN_SKEW_MS) return false;
      if (!(await response.clone().text().catch(() => '')).includes(SIGNATURE_EXPIRED)) return false;
      const offset = serverNow - Date.now();
      if (Math.abs(offset - offsetMs) >= MIN_SKEW_MS) offsetMs = offset;
      return true;
    },
  };
}

/**
 * The AK/SK signer.
 *
 * @example createLiveBareClient({ region, projectId, credentials: { accessKey, secretKey }, signer: akskSigner })
 */
export const akskSigner: AkskSigner = {
  check: checkAccessKeys,
  sign: (request: Request, keys: AccessKeyCredentials, date: Date) => signRequest(request, keys, { date }),
  clock: signingClock,
};
