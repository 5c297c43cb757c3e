// `send`, the request path of every generated operation function, checked
// against openapi-fetch (which the clients' types and `raw` come from): the
// same call through both reaches a real local server as the same request, and
// the same answer comes back as the same `{ data } | { error }`.
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer, type Reply } from '@huaweicloud-openapi/scripts/testing/recording-server';
import { normalizeError, ok, send, type BareClient, type ParseAs } from '../src/index.js';

let server: RecordingServer;
let bare: BareClient;
let raw: ReturnType<typeof createClient<any>>;

beforeAll(async () => {
  server = await startRecordingServer();
  const fetch = (request: Request) => globalThis.fetch(request);
  bare = { service: 'test', baseUrl: server.url, projectId: 'p 1', fetch };
  raw = createClient<any>({ baseUrl: server.url, fetch });
});
afterAll(() => server.close());

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  pathParams: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
}

const cases: Case[] = [
  { name: 'a delete with query values to encode', method: 'DELETE', path: '/v1/{project_id}/pull/stream/task', pathParams: { project_id: 'p 1' }, query: { task_id: 'a/b?c&d=é', region: undefined } },
  { name: 'a get with numbers, booleans and a null', method: 'GET', path: '/v2/{project_id}/streams', pathParams: { project_id: 'p' }, query: { limit: 10, offset: 0, all: true, skip: null } },
  { name: 'path values with reserved characters', method: 'GET', path: '/v2/{project_id}/streams/{stream_name}/transfer-tasks/{task_name}', pathParams: { project_id: 'p', stream_name: 'a/b c', task_name: '%x#' } },
  { name: 'a post with a nested JSON body', method: 'POST', path: '/v1/{project_id}/transcodings', pathParams: { project_id: 'p' }, body: { input: { bucket: 'b', object: 'o/ü.mp4' }, ids: [1, 2], flag: false, note: null } },
  { name: 'a put with caller headers and an empty-object body', method: 'PUT', path: '/v1/{project_id}/flows', pathParams: { project_id: 'p' }, body: {}, headers: { 'X-Trace': 't-1' } },
];

async function viaSend(test: Case) {
  return send(bare, { method: test.method, path: test.path, pathParams: test.pathParams, query: test.query, body: test.body }, { headers: test.headers });
}

async function viaOpenapiFetch(test: Case) {
  return (raw as any)[test.method](test.path, { params: { path: test.pathParams, query: test.query }, body: test.body, headers: test.headers });
}

function seen() {
  const request = server.requests.at(-1)!;
  return {
    method: request.method,
    target: request.target,
    contentType: request.headers['content-type'],
    trace: request.headers['x-trace'],
    body: request.body,
  };
}

describe('send sends what openapi-fetch sends', () => {
  for (const test of cases) {
    it(test.name, async () => {
      server.respond(() => ({ status: 200, body: { ok: true } }));
      await viaOpenapiFetch(test);
      const expected = seen();
      await viaSend(test);
      expect(seen()).toEqual(expected);
      if (test.body !== undefined) {
        expect(seen().contentType).toBe('application/json');
        expect(JSON.parse(seen().body)).toEqual(test.body);
      }
    });
  }
});

const replies: Array<[string, Reply]> = [
  ['a JSON 200', { status: 200, body: { task_id: 't', total: 3 } }],
  ['a 200 with an empty body and no length', { status: 200, body: '', headers: { 'Transfer-Encoding': 'chunked' } }],
  ['a 201 with Content-Length 0', { status: 201, body: '' }],
  ['a 204', { status: 204 }],
  ['a JSON 400', { status: 400, body: { error_code: 'LIVE.100011001', error_msg: 'Request Illegal' } }],
];

describe('send reads answers as openapi-fetch does', () => {
  const test = cases[0]!;
  for (const [name, reply] of replies) {
    it(name, async () => {
      server.respond(() => reply);
      const expected = await viaOpenapiFetch(test);
      const actual = await viaSend(test);
      expect({ data: actual.data, error: actual.error, status: actual.response.status }).toEqual({
        data: expected.data,
        error: expected.error,
        status: expected.response.status,
      });
      expect('data' in actual || 'error' in actual).toBe(true);
    });
  }

  it.each([
    ['a 404 with a text body', { status: 404, body: 'no such thing' }, { status: 404, error_msg: 'no such thing' }],
    ['a 500 with no body', { status: 500, body: '' }, { status: 500, error_msg: 'Internal Server Error' }],
    ['a 502 with a proxy page', { status: 502, body: '<html><body><h1>Bad\u0007 Gateway</h1></body></html>' }, { status: 502, error_msg: 'Bad Gateway' }],
    ['a 503 whose JSON is not an object', { status: 503, body: '""' }, { status: 503, error_msg: '""' }],
  ] as const)('never gives a falsy error, where openapi-fetch gives the text: %s', async (_, reply, error) => {
    server.respond(() => reply);
    const expected = await viaOpenapiFetch(cases[0]!);
    expect(expected.error === '' || typeof expected.error === 'string').toBe(true);
    const actual = await viaSend(cases[0]!);
    expect(actual.data).toBeUndefined();
    expect(actual.error).toEqual(error);
    expect(normalizeError(actual)).toMatchObject({ name: 'ServiceError', status: reply.status });
  });

  it('ok() gives the data of a success and throws the ServiceError of a failure, whatever its body', async () => {
    server.respond(() => ({ status: 200, body: { task_id: 't1' } }));
    expect(ok(await viaSend(cases[0]!))).toEqual({ task_id: 't1' });
    server.respond(() => ({ status: 502, body: '' }));
    const failed = await viaSend(cases[0]!);
    expect(() => ok(failed)).toThrow(expect.objectContaining({ name: 'ServiceError', status: 502 }));
  });

  it('rejects when a 2xx body is not JSON, with a ServiceError where openapi-fetch throws a bare SyntaxError', async () => {
    server.respond(() => ({ status: 200, body: '<html>', headers: { 'x-request-id': 'rid-html' } }));
    await expect(viaOpenapiFetch(cases[0]!)).rejects.toThrow(SyntaxError);
    await expect(viaSend(cases[0]!)).rejects.toMatchObject({ name: 'ServiceError', status: 200, requestId: 'rid-html', body: '<html>' });
  });

  it('passes the signal: an aborted call rejects without an answer', async () => {
    server.respond(() => ({ status: 200, body: {}, delayMs: 2_000 }));
    const controller = new AbortController();
    const pending = send(bare, { method: 'GET', path: '/x', pathParams: {} }, { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('send reads answers with parseAs as openapi-fetch does', () => {
  const test = cases[0]!;
  const xml = '<?xml version="1.0" encoding="UTF-8"?><InitiateMultipartUploadResult><UploadId>u-1</UploadId></InitiateMultipartUploadResult>';

  /** The data as comparable plain values: Blobs, buffers and streams read to text. */
  async function plain(data: unknown): Promise<unknown> {
    if (data instanceof Blob) return { blob: await data.text(), type: data.type };
    if (data instanceof ArrayBuffer) return { arrayBuffer: new TextDecoder().decode(data) };
    if (data instanceof ReadableStream) return { stream: await new Response(data).text() };
    return data;
  }

  async function both(parseAs: ParseAs) {
    const expected = await (raw as any)[test.method](test.path, { params: { path: test.pathParams, query: test.query }, parseAs });
    const actual = await send(bare, { method: test.method, path: test.path, pathParams: test.pathParams, query: test.query, parseAs });
    return [
      { data: await plain(actual.data), error: actual.error, status: actual.response.status },
      { data: await plain(expected.data), error: expected.error, status: expected.response.status },
    ];
  }

  for (const parseAs of ['json', 'text', 'blob', 'arrayBuffer', 'stream'] as const) {
    it(`'${parseAs}': the same data for a 2xx, the same parsed error for a 4xx, nothing for a 204`, async () => {
      server.respond(() => (parseAs === 'json' ? { status: 200, body: { upload_id: 'u-1' } } : { status: 200, headers: { 'content-type': 'application/xml' }, body: xml }));
      const [actual, expected] = await both(parseAs);
      expect(actual).toEqual(expected);
      if (parseAs === 'text') expect(actual!.data).toBe(xml);

      // Error bodies are read as JSON (else text) whatever parseAs says.
      server.respond(() => ({ status: 403, body: { error_code: 'OBS.0403', error_msg: 'denied' } }));
      const [failed, failedAsOpenapiFetch] = await both(parseAs);
      expect(failed).toEqual(failedAsOpenapiFetch);
      expect(failed!.error).toEqual({ error_code: 'OBS.0403', error_msg: 'denied' });

      server.respond(() => ({ status: 204 }));
      const [empty, emptyAsOpenapiFetch] = await both(parseAs);
      expect(empty).toEqual(emptyAsOpenapiFetch);
      expect(empty!.data).toBeUndefined();
    });
  }
});
