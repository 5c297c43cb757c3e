// SHA-256 and HMAC-SHA256 through node:crypto, chosen by the `node` condition
// of the `#hash` import: synchronous and several times faster than Web Crypto
// for the short strings a signature hashes.
import * as crypto from 'node:crypto';

// crypto.hash (Node ≥ 20.12) skips the Hash object; fall back where it is missing.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

export function sha256Hex(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}

// A client signs with one secret key: reuse its KeyObject instead of deriving
// the HMAC key from the string on every signature.
let cached: { secret: string; key: crypto.KeyObject } | undefined;

export function hmacSha256Hex(secret: string, data: string): string {
  if (cached?.secret !== secret) cached = { secret, key: crypto.createSecretKey(Buffer.from(secret, 'utf8')) };
  return crypto.createHmac('sha256', cached.key).update(data).digest('hex');
}
