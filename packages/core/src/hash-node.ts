// SHA-256 and HMAC-SHA256 through node:crypto, chosen by the `node` condition
// of the `#hash` import: synchronous and several times faster than Web Crypto
// for the short strings a signature hashes.
import { createHash, createHmac } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacSha256Hex(key: string, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}
