// SHA-256 and HMAC-SHA256 through Web Crypto, for browsers, Deno, Bun and edge
// workers: the `default` condition of the `#hash` import.
const encoder = new TextEncoder();

function hex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let index = 0; index < bytes.length; index++) out += bytes[index]!.toString(16).padStart(2, '0');
  return out;
}

function bytesOf(data: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return (typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data)) as Uint8Array<ArrayBuffer>;
}

// Typed `string | Promise<string>` like the node:crypto path's contract: callers
// must handle both, since the `#hash` import resolves to either.
export const sha256Hex: (data: string | Uint8Array) => string | Promise<string> = async (data) =>
  hex(await crypto.subtle.digest('SHA-256', bytesOf(data)));

// Importing a key is the slow part of Web Crypto HMAC; a client signs with one
// secret key, so keep the last one imported.
let cached: { secret: string; key: Promise<CryptoKey> } | undefined;

function hmacKey(secret: string): Promise<CryptoKey> {
  if (cached?.secret !== secret) {
    cached = {
      secret,
      key: crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
    };
  }
  return cached.key;
}

export const hmacSha256Hex: (key: string, data: string) => string | Promise<string> = async (key, data) =>
  hex(await crypto.subtle.sign('HMAC', await hmacKey(key), encoder.encode(data)));
