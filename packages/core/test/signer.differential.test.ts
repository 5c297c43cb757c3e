// Differential property test: our Authorization header against the official
// Node SDK signer (@huaweicloud/huaweicloud-sdk-core AKSKSigner) on random
// requests. Where the guide and the official signer differ — the official one
// does not trim header values — we assert the guide's behaviour: our signature
// equals the official signature of the trimmed values.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { akskSigner, signRequest } from '../src/index.js';
import { canonicalQueryString } from '../src/signer.js';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as { AKSKSigner: any };

const SEED = Number(process.env.SIGNER_SEED ?? 20260101);
const RUNS = Number(process.env.SIGNER_RUNS ?? 1000);

// Characters the official signer's legacy url.parse passes through unchanged,
// so both signers see the same raw path: reserved sub-delimiters, unreserved
// marks and non-ASCII letters (Chinese, accented, emoji).
const pathChar = fc.constantFrom(...'abcXYZ019-_.~!$&()*+,;=:@', 'é', 'ü', '中', '文', '😀');
const queryChar = fc.constantFrom(...'abcXYZ019-_.~!*() /?#[]@$&+,;=%', 'é', '中', '😀');
// "." and ".." are excluded: URL parsing removes them before the request is sent
// (so our signature covers the normalised path), while the official signer
// would sign them as given — a known deviation of the official signer.
const segment = fc
  .array(pathChar, { minLength: 1, maxLength: 8 })
  .map((chars) => chars.join(''))
  .filter((value) => value !== '.' && value !== '..');
const queryText = (min: number) => fc.array(queryChar, { minLength: min, maxLength: 8 }).map((chars) => chars.join(''));
const headerName = fc.constantFrom('x-custom-a', 'x-custom-b', 'x-trace', 'x-tenant');
// Values start and end with a visible character; padding is added separately.
const headerValue = fc
  .tuple(fc.constantFrom(...'abcXYZ019-_.=/;:,'), fc.array(fc.constantFrom(...'abcXYZ019-_.=/;:, '), { maxLength: 10 }), fc.constantFrom(...'abcXYZ019-_.=/;:,'))
  .map(([first, middle, last]) => `${first}${middle.join('')}${last}`);
const padding = fc.constantFrom('', ' ', '  ', '\t');

const requestShape = fc.record({
  method: fc.constantFrom('GET', 'DELETE', 'PUT', 'POST', 'HEAD', 'OPTIONS', 'PATCH'),
  segments: fc.array(segment, { minLength: 0, maxLength: 4 }),
  trailingSlash: fc.boolean(),
  query: fc.array(fc.tuple(queryText(1), queryText(0)), { maxLength: 5 }),
  contentType: fc.option(fc.constantFrom('application/json', 'application/json;charset=UTF-8', 'text/plain'), { nil: undefined }),
  projectId: fc.option(fc.stringMatching(/^[0-9a-f]{1,32}$/), { nil: undefined }),
  securityToken: fc.option(fc.stringMatching(/^[A-Za-z0-9+\/=]{4,40}$/), { nil: undefined }),
  extra: fc.dictionary(headerName, fc.tuple(headerValue, padding, padding), { maxKeys: 3 }),
  body: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.oneof(fc.string(), fc.integer())), { nil: undefined }),
  accessKey: fc.stringMatching(/^[A-Z0-9]{8,20}$/),
  secretKey: fc.string({ minLength: 1, maxLength: 40 }),
  epochSeconds: fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }),
});

type Shape = typeof requestShape extends fc.Arbitrary<infer T> ? T : never;

function sdkDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

async function ours(shape: Shape): Promise<string> {
  const path = `/${shape.segments.map(encodeURIComponent).join('/')}${shape.trailingSlash ? '/' : ''}`;
  const query = shape.query.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
  const headers = new Headers();
  if (shape.contentType) headers.set('Content-Type', shape.contentType);
  if (shape.projectId) headers.set('X-Project-Id', shape.projectId);
  for (const [name, [value, before, after]] of Object.entries(shape.extra)) headers.set(name, `${before}${value}${after}`);
  headers.set('User-Agent', 'not-signed/1.0');
  const hasBody = shape.body !== undefined && !['GET', 'HEAD'].includes(shape.method);
  const request = new Request(`https://svc.cn-north-4.example.com${path}${query ? `?${query}` : ''}`, {
    method: shape.method,
    headers,
    body: hasBody ? JSON.stringify(shape.body) : undefined,
  });
  await signRequest(
    request,
    { accessKey: shape.accessKey, secretKey: shape.secretKey, securityToken: shape.securityToken },
    { date: new Date(shape.epochSeconds * 1000), signedHeaders: Object.keys(shape.extra) },
  );
  return request.headers.get('authorization')!;
}

function official(shape: Shape, { trimValues }: { trimValues: boolean }): string {
  const path = `/${shape.segments.join('/')}${shape.trailingSlash ? '/' : ''}`;
  const queryParams: Record<string, string | string[]> = {};
  for (const [name, value] of shape.query) {
    const existing = queryParams[name];
    queryParams[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const hasBody = shape.body !== undefined && !['GET', 'HEAD'].includes(shape.method);
  const headers: Record<string, string> = { 'X-Sdk-Date': sdkDate(shape.epochSeconds) };
  // A Request with a string body and no Content-Type sends (and so signs) text/plain.
  const contentType = shape.contentType ?? (hasBody ? 'text/plain;charset=UTF-8' : undefined);
  if (contentType) headers['content-type'] = contentType;
  if (shape.projectId) headers['x-project-id'] = shape.projectId;
  if (shape.securityToken) headers['x-security-token'] = shape.securityToken;
  for (const [name, [value, before, after]] of Object.entries(shape.extra)) {
    headers[name] = trimValues ? value : `${before}${value}${after}`;
  }
  const signed = AKSKSigner.sign(
    {
      method: shape.method,
      endpoint: `https://svc.cn-north-4.example.com${path}`,
      queryParams,
      headers,
      data: hasBody ? shape.body : undefined,
    },
    { getAk: () => shape.accessKey, getSk: () => shape.secretKey },
  );
  return signed.Authorization;
}

describe('signRequest against the official signer', () => {
  it(`agrees on ${RUNS} random requests (seed ${SEED}; rerun with SIGNER_SEED=<seed>)`, async () => {
    await fc.assert(
      fc.asyncProperty(requestShape, async (shape) => {
        expect(await ours(shape)).toBe(official(shape, { trimValues: true }));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('differs from the official signer only where the guide says to trim header values', async () => {
    const padded = await fc.sample(requestShape, { seed: SEED, numRuns: 200 }).filter((shape) =>
      Object.values(shape.extra).some(([, before, after]) => before !== '' || after !== ''),
    );
    expect(padded.length).toBeGreaterThan(10);
    for (const shape of padded) {
      const signature = await ours(shape);
      expect(signature).toBe(official(shape, { trimValues: true }));
      expect(signature).not.toBe(official(shape, { trimValues: false }));
    }
  });
});

// A `/` inside a path value (issue 19, item 1). `send` percent-encodes every
// path value with encodeURIComponent, so `a/b` travels as `a%2Fb`, one segment
// that stays in its slot; URL parsing keeps `%2F` as it is, and the signer
// decodes each segment and encodes it again, signing `a%2Fb` too. The official
// Node SDK cannot express this request: its HcClient substitutes path values
// unencoded (a `/` would split the slot) and its CanonicalURI takes a path of
// raw values, each split on `/` and passed through `AKSKSigner.urlEncode`. So
// the witness is the official signer given the segments' values: its own
// `urlEncode` of `a/b` is `a%2Fb`, and its `sign` (headers, query, payload,
// HMAC) with a CanonicalURI that encodes the decoded segments must agree with
// ours, as must the verifying server, built from the official primitives.
describe('a / inside a path value', () => {
  const segmentValues = ['v2', 'p1', 'streams', 'a/b', 'transfer-tasks', 'x/../y', '%2F', 'ü/中'];

  function officialOfValues(path: string, sdkDate: string): string {
    const original = AKSKSigner.CanonicalURI;
    AKSKSigner.CanonicalURI = (pathname: string) =>
      `${pathname.split('/').map((segment) => AKSKSigner.urlEncode(decodeURIComponent(segment))).join('/')}/`;
    try {
      return AKSKSigner.sign(
        { method: 'DELETE', endpoint: `https://svc.cn-north-4.example.com${path}`, queryParams: {}, headers: { 'X-Sdk-Date': sdkDate } },
        { getAk: () => 'AK', getSk: () => 'SK' },
      ).Authorization;
    } finally {
      AKSKSigner.CanonicalURI = original;
    }
  }

  it('is sent as %2F in its own segment and signed as the official signer signs that value', async () => {
    expect(AKSKSigner.urlEncode('a/b')).toBe('a%2Fb');
    const path = `/${segmentValues.map(encodeURIComponent).join('/')}`;
    const request = new Request(`https://svc.cn-north-4.example.com${path}`, { method: 'DELETE' });
    expect(new URL(request.url).pathname).toBe('/v2/p1/streams/a%2Fb/transfer-tasks/x%2F..%2Fy/%252F/%C3%BC%2F%E4%B8%AD');
    await signRequest(request, { accessKey: 'AK', secretKey: 'SK' }, { date: new Date(1_700_000_000_000) });
    expect(request.headers.get('authorization')).toBe(officialOfValues(path, sdkDate(1_700_000_000)));
    // Without the slash the override changes nothing: it is the official CanonicalURI of the plain values.
    expect(AKSKSigner.CanonicalURI('/v2/p1/streams/ab')).toBe('/v2/p1/streams/ab/');
  });

  it('reaches a verifying server (official primitives) through send, in its slot and validly signed', async () => {
    const { startVerifyingServer } = await import('@huaweicloud-openapi/scripts/testing/verifying-server');
    const { createClientConfig, send } = await import('../src/index.js');
    const server = await startVerifyingServer({ keys: { AK: 'SK' }, respond: () => ({ status: 200, body: {} }) });
    try {
      const client = createClientConfig('dis', [{ url: 'https://dis.{region}.example.com', regions: ['cn-north-4'] }], {
        endpoint: server.url,
        projectId: 'p1',
        credentials: { accessKey: 'AK', secretKey: 'SK' },
      }, akskSigner);
      const { response } = await send(client, {
        method: 'DELETE',
        path: '/v2/{project_id}/streams/{stream_name}/transfer-tasks/{task_name}',
        pathParams: { project_id: 'p1', stream_name: 'a/b', task_name: 'x/../y' },
      });
      expect(response.status).toBe(200);
      expect(server.requests[0]!.target).toBe('/v2/p1/streams/a%2Fb/transfer-tasks/x%2F..%2Fy');
      expect(server.checks[0]!.ok).toBe(true);
    } finally {
      await server.close();
    }
  });
});

// Repeated query keys (issue 21): list parameters of the Live statistics API
// (`isp`, `region`, `play_domains`, …) travel as one key per value, as both
// official SDKs send them (`style: form, explode: true`). The guide sorts the
// canonical query by name, then by value for repeated names; the official Node
// signer does the same (it sorts each array of values). Values that need
// percent-encoding (`a/b` → `a%2Fb`) are decoded and encoded again, so the raw
// and the already-encoded spelling sign alike.
describe('repeated query keys and percent-encoded values', () => {
  const url = 'https://live.cn-north-4.example.com/v2/p1/stats/bandwidth/detail';
  const query = '?isp=b&isp=a&region=a%2Fb&play_domains=play.example.com&isp=CTCC';
  const officialQuery = { isp: ['b', 'a', 'CTCC'], region: 'a/b', play_domains: 'play.example.com' };

  it('sorts repeated keys by value in the canonical query, after sorting by name', () => {
    expect(canonicalQueryString(query)).toBe('isp=CTCC&isp=a&isp=b&play_domains=play.example.com&region=a%2Fb');
    // The order the values were sent in does not change the canonical form.
    expect(canonicalQueryString('?isp=a&region=a/b&isp=CTCC&play_domains=play.example.com&isp=b')).toBe(canonicalQueryString(query));
    expect(AKSKSigner.CanonicalQueryString({ queryParams: { ...officialQuery, isp: [...officialQuery.isp] } })).toBe(canonicalQueryString(query));
  });

  it('signs as the official signer signs the same values', async () => {
    const request = new Request(`${url}${query}`, { method: 'GET', headers: { 'X-Project-Id': 'p1' } });
    await signRequest(request, { accessKey: 'AK', secretKey: 'SK' }, { date: new Date(1_700_000_000_000) });
    const expected = AKSKSigner.sign(
      { method: 'GET', endpoint: url, queryParams: { ...officialQuery, isp: [...officialQuery.isp] }, headers: { 'X-Sdk-Date': sdkDate(1_700_000_000), 'x-project-id': 'p1' } },
      { getAk: () => 'AK', getSk: () => 'SK' },
    ).Authorization;
    expect(request.headers.get('authorization')).toBe(expected);
    // Reordering the repeated values leaves the signature as it is.
    const reordered = new Request(`${url}?region=a%2Fb&isp=CTCC&isp=a&play_domains=play.example.com&isp=b`, { method: 'GET', headers: { 'X-Project-Id': 'p1' } });
    await signRequest(reordered, { accessKey: 'AK', secretKey: 'SK' }, { date: new Date(1_700_000_000_000) });
    expect(reordered.headers.get('authorization')).toBe(expected);
  });

  it('reaches a verifying server (official primitives) through send as one key per value, validly signed', async () => {
    const { startVerifyingServer } = await import('@huaweicloud-openapi/scripts/testing/verifying-server');
    const { createClientConfig, send } = await import('../src/index.js');
    const server = await startVerifyingServer({ keys: { AK: 'SK' }, respond: () => ({ status: 200, body: {} }) });
    try {
      const client = createClientConfig('live', [{ url: 'https://live.{region}.example.com', regions: ['cn-north-4'] }], {
        endpoint: server.url,
        projectId: 'p1',
        credentials: { accessKey: 'AK', secretKey: 'SK' },
      }, akskSigner);
      const { response } = await send(client, {
        method: 'GET',
        path: '/v2/{project_id}/stats/bandwidth/detail',
        pathParams: { project_id: 'p1' },
        query: { isp: ['b', 'a'], region: ['a/b'] },
      });
      expect(response.status).toBe(200);
      expect(server.requests[0]!.target).toBe('/v2/p1/stats/bandwidth/detail?isp=b&isp=a&region=a%2Fb');
      expect(server.checks[0]!.ok).toBe(true);
    } finally {
      await server.close();
    }
  });
});
