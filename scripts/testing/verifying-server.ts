// An HTTP server on 127.0.0.1 that checks every AK/SK signature it receives
// with the official Node SDK signer's own canonicalisation primitives, so the
// check is independent of the signer under test. Bad signatures get the
// gateway's 401; a date more than 15 minutes off gets APIG.0303 with a Date.
import { createRequire } from 'node:module';
import { startRecordingServer, type RecordedRequest, type Reply, type RecordingServer } from './recording-server.ts';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as { AKSKSigner: any };

const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const FIFTEEN_MINUTES = 15 * 60 * 1000;

export interface SignatureCheck {
  ok: boolean;
  reason?: string;
  accessKey?: string;
  signedHeaders?: string[];
  sdkDate?: string;
}

function parseSdkDate(value: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}

/** Recomputes the signature of a received request with the official signer's pieces. */
export function checkSignature(request: RecordedRequest, secretKeyFor: (accessKey: string) => string | undefined): SignatureCheck {
  const authorization = String(request.headers.authorization ?? '');
  const match = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) return { ok: false, reason: 'no SDK-HMAC-SHA256 Authorization header' };
  const [, accessKey, signedList, signature] = match as unknown as [string, string, string, string];
  const signedHeaders = signedList.split(';');
  const sdkDate = String(request.headers['x-sdk-date'] ?? '');
  const secretKey = secretKeyFor(accessKey);
  if (!secretKey) return { ok: false, reason: `unknown access key ${accessKey}`, accessKey };
  for (const required of ['host', 'x-sdk-date']) {
    if (!signedHeaders.includes(required)) return { ok: false, reason: `${required} is not signed`, accessKey };
  }
  if (request.headers['x-project-id'] !== undefined && !signedHeaders.includes('x-project-id')) {
    return { ok: false, reason: 'x-project-id is sent but not signed', accessKey };
  }
  if (request.headers['x-security-token'] !== undefined && !signedHeaders.includes('x-security-token')) {
    return { ok: false, reason: 'x-security-token is sent but not signed', accessKey };
  }

  const segments = request.pathname.split('/').map((segment) => AKSKSigner.urlEncode(decodeURIComponent(segment)));
  let canonicalUri = segments.join('/');
  if (!canonicalUri.endsWith('/')) canonicalUri += '/';
  const queryParams: Record<string, string | string[]> = {};
  for (const [name, value] of request.query) {
    const existing = queryParams[name];
    queryParams[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const canonicalQuery = AKSKSigner.CanonicalQueryString({ queryParams });
  const headerValues: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return { ok: false, reason: `signed header ${name} is missing`, accessKey };
    headerValues[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const canonicalHeaders = AKSKSigner.buildCanonicalHeaders(headerValues);
  const declared = request.headers['x-sdk-content-sha256'];
  const payloadHash = declared === 'UNSIGNED-PAYLOAD' ? declared : request.body === '' ? EMPTY_BODY_SHA256 : AKSKSigner.Hex(request.body);
  const canonicalRequest = AKSKSigner.buildCanonicalRequest(
    request.method,
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders.join(';'),
    payloadHash,
  );
  const stringToSign = AKSKSigner.getStringToSign('SDK-HMAC-SHA256', sdkDate, AKSKSigner.Hex(canonicalRequest));
  const expected = AKSKSigner.hmacSHA256(secretKey, stringToSign);
  if (expected !== signature) return { ok: false, reason: 'signature mismatch', accessKey, signedHeaders, sdkDate };
  return { ok: true, accessKey, signedHeaders, sdkDate };
}

export interface VerifyingServerOptions {
  /** Secret key of each access key the server accepts. */
  keys: Record<string, string>;
  /** What the server answers once a request passed the signature check. */
  respond?: (request: RecordedRequest, check: SignatureCheck) => Reply | Promise<Reply>;
  /** Offset of the server's clock from the machine's, in ms (to provoke clock skew). */
  clockOffsetMs?: number;
}

export interface VerifyingServer extends RecordingServer {
  checks: SignatureCheck[];
}

export async function startVerifyingServer(options: VerifyingServerOptions): Promise<VerifyingServer> {
  const checks: SignatureCheck[] = [];
  const offset = options.clockOffsetMs ?? 0;
  const server = await startRecordingServer(async (request) => {
    const check = checkSignature(request, (accessKey) => options.keys[accessKey]);
    checks.push(check);
    const serverNow = Date.now() + offset;
    const gatewayHeaders = { date: new Date(serverNow).toUTCString(), 'x-request-id': `gw-${checks.length}` };
    if (!check.ok) {
      return { status: 401, headers: gatewayHeaders, body: { error_code: 'APIG.0301', error_msg: `Incorrect app authentication information: ${check.reason}`, request_id: `gw-${checks.length}` } };
    }
    if (Math.abs(parseSdkDate(check.sdkDate!) - serverNow) > FIFTEEN_MINUTES) {
      return { status: 401, headers: gatewayHeaders, body: { error_code: 'APIG.0303', error_msg: 'Incorrect app authentication information: the request has expired', request_id: `gw-${checks.length}` } };
    }
    return options.respond ? options.respond(request, check) : { status: 204 };
  });
  return Object.assign(server, { checks });
}
