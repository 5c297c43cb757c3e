import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as node from '../src/hash-node.js';
import * as web from '../src/hash-web.js';

describe('the Web Crypto and node:crypto hash paths', () => {
  it('agree on SHA-256 and HMAC-SHA256 of random text and bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ minLength: 1, maxLength: 64 }), fc.uint8Array({ maxLength: 300 }), async (text, key, bytes) => {
        expect(await web.sha256Hex(text)).toBe(node.sha256Hex(text));
        expect(await web.sha256Hex(bytes)).toBe(node.sha256Hex(bytes));
        expect(await web.hmacSha256Hex(key, text)).toBe(node.hmacSha256Hex(key, text));
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('hash the empty body to the documented constant', async () => {
    expect(await web.sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
