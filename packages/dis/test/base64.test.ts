// The records flow's base64 codec, both ways, with and without Node's Buffer
// (browsers and workers have none): the same text and the same bytes as
// Buffer's own codec, for every byte value and across the 32 KiB chunks the
// portable encoder works in.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromBase64, toBase64 } from '../src/lib/internal/base64.js';

const NodeBuffer = Buffer;
/** What atob accepts (whitespace, padding left out) and refuses (base64url, stray characters, bad lengths). */
const MALFORMED_AND_FORGIVEN = ['aGk=', 'aGk', ' a G k = ', 'aG\nk=', '', 'a', 'aGk==', 'a-_z', 'aGk$', 'aGk=x', '=aGk'];

function samples(): Uint8Array[] {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const large = Uint8Array.from({ length: 0x8000 * 2 + 7 }, (_, i) => (i * 131 + 17) & 0xff);
  const framed = new Uint8Array(new ArrayBuffer(64), 5, 11).fill(0xfe); // a view that does not start at 0
  return [new Uint8Array(0), Uint8Array.of(0), Uint8Array.of(0xff, 0xfe), all, large, framed];
}

describe.each([
  ['with Buffer (Node, Bun)', false],
  ['without Buffer (browsers, workers)', true],
])('%s', (_name, hide) => {
  afterEach(() => vi.unstubAllGlobals());

  it('encodes as Buffer does and decodes back to the same bytes, in a Uint8Array of its own', () => {
    const expected = samples().map((bytes) => NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'));
    if (hide) vi.stubGlobal('Buffer', undefined);
    const encoded = samples().map(toBase64);
    const decoded = encoded.map(fromBase64);
    vi.unstubAllGlobals();
    expect(encoded).toEqual(expected);
    decoded.forEach((bytes, index) => {
      expect(bytes.constructor).toBe(Uint8Array);
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
      expect([...bytes]).toEqual([...samples()[index]!]);
    });
  });

  it('refuses what atob refuses and accepts what it accepts: whitespace and missing padding, never base64url or stray characters', () => {
    if (hide) vi.stubGlobal('Buffer', undefined);
    const outcome = (text: string) => {
      try {
        return [...fromBase64(text)];
      } catch (error) {
        return (error as DOMException).name;
      }
    };
    const results = MALFORMED_AND_FORGIVEN.map(outcome);
    vi.unstubAllGlobals();
    const viaAtob = MALFORMED_AND_FORGIVEN.map((text) => {
      try {
        return [...atob(text)].map((char) => char.charCodeAt(0));
      } catch (error) {
        return (error as DOMException).name;
      }
    });
    expect(results).toEqual(viaAtob);
    expect(results.slice(0, 4)).toEqual([[104, 105], [104, 105], [104, 105], [104, 105]]);
    expect(results.slice(5)).toEqual(Array(6).fill('InvalidCharacterError'));
  });
});
