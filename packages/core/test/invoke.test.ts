// `invoke`: an operation given as data, checked with one validator and sent
// to a real server on 127.0.0.1 — path, repeated or joined query arrays,
// header parameters that cannot touch authentication, path values that cannot
// leave their segment, and exactly the checked snapshot of the input.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRecordingServer, type RecordingServer } from '@huaweicloud-openapi/scripts/testing/recording-server';
import { array, checkBody, checkTimeWindow, createClientConfig, integer, invoke, object, string, type BareClient, type OperationSpec } from '../src/index.js';

const servers = [{ url: 'https://live.{region}.example.com', regions: ['cn-north-4'] }];
const TOKEN = 'token-sentinel-invoke';

const listThings: OperationSpec = {
  service: 'live',
  id: 'ListThings',
  method: 'GET',
  path: '/v1/{project_id}/things/{thing_id}/tasks',
  params: {
    thing_id: { in: 'path', shape: string, required: true },
    status: { in: 'query', shape: { k: array, items: { k: string, enum: ['RUNNING', 'DONE'] } } },
    ids: { in: 'query', shape: { k: array, items: integer }, explode: false },
    limit: { in: 'query', shape: { k: integer, minimum: 1, maximum: 100 } },
    'X-Language': { in: 'header', shape: { k: string, enum: ['zh', 'en'] } },
    'X-Auth-Token': { in: 'header', shape: string },
  },
};

const startThings: OperationSpec = {
  service: 'live',
  id: 'StartThings',
  method: 'POST',
  path: '/v2/things/action',
  body: { check: checkBody, shape: { k: object, props: { action: { k: string, enum: ['start', 'stop'] }, ids: { k: array, items: string } }, req: ['action', 'ids'] }, required: true, fixed: { action: 'start' } },
};

const createThing: OperationSpec = {
  service: 'live',
  id: 'CreateThing',
  method: 'POST',
  path: '/v1/{project_id}/things',
  body: { check: checkBody, shape: { k: object, props: { name: { k: string, maxLength: 8 }, tags: { k: array, items: string } }, req: ['name'] }, required: true },
};

const DAY = 86_400;
const dateTime = { k: string, pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/ } as const;
const listStats: OperationSpec = {
  service: 'live',
  id: 'ListBandwidthDetail',
  method: 'GET',
  path: '/v2/{project_id}/stats/bandwidth/detail',
  params: { start_time: { in: 'query', shape: dateTime }, end_time: { in: 'query', shape: dateTime } },
  window: { check: checkTimeWindow, start: 'start_time', end: 'end_time', maxSpan: 7 * DAY, maxAge: 90 * DAY },
};
const listPaired: OperationSpec = { ...listStats, id: 'ListPaired', window: { check: checkTimeWindow, start: 'start_time', end: 'end_time', together: true } };

let server: RecordingServer;
let client: BareClient;

function clientWith(validate?: 'full' | 'types' | 'off'): BareClient {
  return createClientConfig('live', servers, { endpoint: server.url, projectId: 'proj1', credentials: { token: TOKEN }, retry: false, validate });
}

beforeAll(async () => {
  server = await startRecordingServer(() => ({ status: 200, body: { ok: true } }));
  client = clientWith();
});
afterAll(() => server.close());

function last() {
  return server.requests.at(-1)!;
}

async function refusedUnsent(call: Promise<unknown>): Promise<string> {
  const before = server.requests.length;
  const error = await call.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (reason: unknown) => reason,
  );
  expect(error).toMatchObject({ name: 'InvalidInputError' });
  expect(server.requests.length).toBe(before);
  return (error as Error).message;
}

describe('invoke', () => {
  it('fills project_id from the client, sends query arrays as repeated keys or one joined value, and header parameters', async () => {
    const { data } = await invoke(client, listThings, { thing_id: 'a b/c', status: ['RUNNING', 'DONE'], ids: [1, 2], limit: 5, 'X-Language': 'en' });
    expect(data).toEqual({ ok: true });
    expect(last().target).toBe('/v1/proj1/things/a%20b%2Fc/tasks?status=RUNNING&status=DONE&ids=1,2&limit=5');
    expect(last().headers['x-language']).toBe('en');
    expect(last().headers['x-auth-token']).toBe(TOKEN);
  });

  it('never lets a header parameter override authentication: the client sets those last', async () => {
    await invoke(client, listThings, { thing_id: 't', 'X-Auth-Token': 'forged' });
    expect(last().headers['x-auth-token']).toBe(TOKEN);
  });

  it('keeps an operation without {project_id} free of it, and adds the properties the callable sets', async () => {
    await invoke(client, startThings, { body: { ids: ['a'] } });
    expect(last().pathname).toBe('/v2/things/action');
    expect(JSON.parse(last().body)).toEqual({ ids: ['a'], action: 'start' });
    expect(await refusedUnsent(invoke(client, startThings, { body: { ids: ['a'], action: 'stop' } }))).toBe('StartThings: body.action is set by StartThings ("start"); leave it out.');
    expect(await refusedUnsent(invoke(client, startThings, {}))).toBe('StartThings: body.ids is required; pass an array.');
  });

  it.each(['.', '..', ''])('refuses the path value %j before sending: it would move the request to another path', async (value) => {
    const message = await refusedUnsent(invoke(client, listThings, { thing_id: value }));
    expect(message).toMatch(value === '' ? /thing_id" must not be an empty string/ : /a dot segment would send the request to another path/);
  });

  it('refuses dot segments and missing path values even with validate: off, and a header value with a line break', async () => {
    const loose = clientWith('off');
    await refusedUnsent(invoke(loose, listThings, { thing_id: '..' }));
    expect(await refusedUnsent(invoke(loose, listThings, {}))).toMatch(/thing_id" is required \(the request would go to a literal \{thing_id\} path\)/);
    expect(await refusedUnsent(invoke(client, listThings, { thing_id: 't', 'X-Auth-Token': 'a\r\nX-Evil: 1' }))).toBe(
      'ListThings: parameter "X-Auth-Token" must not contain line breaks or NUL.',
    );
  });

  it('checks parameters and body with the one validator: ranges under full, not under types or off', async () => {
    expect(await refusedUnsent(invoke(client, listThings, { thing_id: 't', limit: 500 }))).toBe('ListThings: parameter "limit" must be 1 to 100; got number 500.');
    expect(await refusedUnsent(invoke(client, listThings, { thing_id: 't', status: ['PAUSED'] }))).toBe(
      'ListThings: status[0] must be one of "RUNNING", "DONE"; got string "PAUSED".',
    );
    expect(await refusedUnsent(invoke(client, listThings, { thing_id: 't', status: 'DONE' }))).toBe(
      'ListThings: parameter "status" must be an array; got string "DONE" (wrap a single value in [ ]).',
    );
    expect(await refusedUnsent(invoke(client, createThing, {}))).toBe('CreateThing: body is required; pass { body: <an object> }.');
    expect(await refusedUnsent(invoke(client, createThing, { body: { name: 'far too long' } }))).toBe(
      'CreateThing: body.name must be at most 8 characters long; got string "far too long".',
    );
    await invoke(clientWith('types'), listThings, { thing_id: 't', limit: 500 });
    expect(last().target).toContain('limit=500');
    await expect(invoke(clientWith('types'), listThings, { thing_id: 't', limit: '5' })).rejects.toThrow('must be an integer');
    await invoke(clientWith('off'), createThing, { body: { name: 'far too long', extra: 1 } });
    expect(JSON.parse(last().body)).toEqual({ name: 'far too long', extra: 1 });
  });

  it('sends exactly what it checked: a plain snapshot, read once', async () => {
    let reads = 0;
    const body = {
      get name() {
        reads += 1;
        return reads === 1 ? 'ok' : 'changed-after-the-check';
      },
    };
    await invoke(client, createThing, { body });
    expect(JSON.parse(last().body)).toEqual({ name: 'ok' });
    expect(reads).toBe(1);
  });

  it('refuses what is not plain JSON data instead of sending something else', async () => {
    expect(await refusedUnsent(invoke(client, createThing, { body: new Map([['name', 'x']]) }))).toBe(
      'CreateThing: body must be an object; got an object that is not a plain object.',
    );
    expect(await refusedUnsent(invoke(client, createThing, { body: { name: 'a', tags: [, 'b'] } }))).toBe(
      'CreateThing: body.tags[0] is a hole in a sparse array; pass a value at every index.',
    );
    const inherited = Object.create({ name: 'from-the-prototype' });
    expect(await refusedUnsent(invoke(client, createThing, { body: inherited }))).toBe('CreateThing: body must be an object; got an object that is not a plain object.');
    expect(await refusedUnsent(invoke(client, createThing, { body: { name: undefined } }))).toBe('CreateThing: body.name is required; pass a string.');
    expect(await refusedUnsent(invoke(client, createThing, { body: { name: 'a', tags: [new Date(0)] } }))).toBe(
      'CreateThing: body.tags[0] must be a string; got an object.',
    );
  });

  it('sends body properties the spec does not list when the call allows it, still checking the listed ones', async () => {
    expect(await refusedUnsent(invoke(client, createThing, { body: { name: 'a', added_later: 1 } }))).toMatch(/body\.added_later is not a property of body/);
    await invoke(client, createThing, { body: { name: 'a', added_later: { x: [1] } } }, { allowUnknownProperties: true });
    expect(JSON.parse(last().body)).toEqual({ name: 'a', added_later: { x: [1] } });
    expect(await refusedUnsent(invoke(client, createThing, { body: { name: 'far too long', added_later: 1 } }, { allowUnknownProperties: true }))).toMatch(
      /body\.name must be at most 8 characters long/,
    );
  });

  it('names an unknown parameter with the closest one, and project_id as a client option', async () => {
    expect(await refusedUnsent(invoke(client, listThings, { thing_id: 't', limt: 5 }))).toBe(
      'ListThings has no parameter "limt"; its parameters are thing_id, status, ids, limit, X-Language, X-Auth-Token. Did you mean "limit"?',
    );
    expect(await refusedUnsent(invoke(client, listThings, { thing_id: 't', project_id: 'p' }))).toMatch(/project_id comes from the client option projectId/);
    expect(await refusedUnsent(invoke(client, listThings, undefined))).toBe(
      'ListThings expects a parameters object { thing_id, status?, ids?, limit?, X-Language?, X-Auth-Token? }; got undefined.',
    );
  });

  it("refuses another service's client, naming both", async () => {
    const other = createClientConfig('dis', servers, { endpoint: server.url, projectId: 'proj1', credentials: { token: TOKEN } });
    expect(await refusedUnsent(invoke(other, listThings, { thing_id: 't' }))).toBe(
      'ListThings needs a live client; got a dis client.',
    );
  });

  it('returns a rejected promise, never a synchronous throw', async () => {
    let result: Promise<unknown> | undefined;
    expect(() => {
      result = invoke(client, listThings, 'not-an-object');
    }).not.toThrow();
    await expect(result).rejects.toMatchObject({ name: 'InvalidInputError' });
  });
});

describe('invoke time windows (x-time-window)', () => {
  const NOW = Date.parse('2026-03-10T12:00:00Z');
  const at = (secondsBeforeNow: number) => new Date(NOW - secondsBeforeNow * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const q = (secondsBeforeNow: number) => encodeURIComponent(at(secondsBeforeNow));
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterAll(() => vi.useRealTimers());
  afterEach(() => vi.setSystemTime(NOW));

  it('sends a window at the exact limits: the oldest start, the longest span, to now without an end', async () => {
    await invoke(client, listStats, { start_time: at(90 * DAY), end_time: at(83 * DAY) });
    expect(last().target).toBe(`/v2/proj1/stats/bandwidth/detail?start_time=${q(90 * DAY)}&end_time=${q(83 * DAY)}`);
    await invoke(client, listStats, { start_time: at(7 * DAY) });
    expect(last().target).toBe(`/v2/proj1/stats/bandwidth/detail?start_time=${q(7 * DAY)}`);
    await invoke(client, listStats, { end_time: at(DAY) });
    await invoke(client, listStats, undefined);
    expect(last().target).toBe('/v2/proj1/stats/bandwidth/detail');
  });

  it('refuses, unsent, a range one second too long, naming both parameters and the fix', async () => {
    const message = await refusedUnsent(invoke(client, listStats, { start_time: at(10 * DAY), end_time: at(DAY) }));
    expect(message).toBe('ListBandwidthDetail: end_time - start_time is 9 days; the service accepts at most 7 days. Split the range into calls of at most 7 days.');
    expect(await refusedUnsent(invoke(client, listStats, { start_time: at(8 * DAY), end_time: at(DAY - 1) }))).toContain('is 7 days 1 second;');
    const error = await invoke(client, listStats, { start_time: at(8 * DAY), end_time: at(DAY - 1) }).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ input: 'ListBandwidthDetail.end_time' });
  });

  it('refuses a range that runs to now for too long when the end is absent', async () => {
    const message = await refusedUnsent(invoke(client, listStats, { start_time: at(7 * DAY + 1) }));
    expect(message).toBe(
      'ListBandwidthDetail: without end_time the range runs to now, and now - start_time is 7 days 1 second; the service accepts at most 7 days. Pass an end_time at most 7 days after start_time.',
    );
  });

  it('refuses an end not after the start, and a start older than the service keeps', async () => {
    expect(await refusedUnsent(invoke(client, listStats, { start_time: at(DAY), end_time: at(DAY) }))).toBe(
      `ListBandwidthDetail: end_time (${at(DAY)}) must be after start_time (${at(DAY)}). Swap them, or pass a later end_time.`,
    );
    expect(await refusedUnsent(invoke(client, listStats, { start_time: at(DAY), end_time: at(2 * DAY) }))).toContain('must be after start_time');
    expect(await refusedUnsent(invoke(client, listStats, { start_time: at(90 * DAY + 1), end_time: at(89 * DAY) }))).toBe(
      `ListBandwidthDetail: start_time (${at(90 * DAY + 1)}) is 90 days 1 second ago; the service keeps at most the last 90 days. Pass a start_time within the last 90 days.`,
    );
  });

  it('checks the values it sends: a getter is read once', async () => {
    let reads = 0;
    const input = { end_time: at(DAY) } as Record<string, unknown>;
    Object.defineProperty(input, 'start_time', { enumerable: true, get: () => (reads++ === 0 ? at(2 * DAY) : at(400 * DAY)) });
    await invoke(client, listStats, input);
    expect(reads).toBe(1);
    expect(last().target).toBe(`/v2/proj1/stats/bandwidth/detail?start_time=${q(2 * DAY)}&end_time=${q(DAY)}`);
  });

  it('refuses one bound without the other where both go together', async () => {
    expect(await refusedUnsent(invoke(client, listPaired, { end_time: at(DAY) }))).toBe('ListPaired: start_time and end_time go together; pass both or neither.');
    expect(await refusedUnsent(invoke(client, listPaired, { start_time: at(DAY) }))).toContain('pass both or neither');
    await invoke(client, listPaired, { start_time: at(400 * DAY), end_time: at(DAY) });
    expect(last().target).toContain('start_time=');
  });

  it('checks the window with the ranges: not under validate types or off; malformed dates fall to the shape check', async () => {
    for (const mode of ['types', 'off'] as const) {
      await invoke(clientWith(mode), listStats, { start_time: at(400 * DAY), end_time: at(DAY) });
      expect(last().target).toContain(`start_time=${q(400 * DAY)}`);
    }
    expect(await refusedUnsent(invoke(client, listStats, { start_time: '2026-03-01' }))).toContain('parameter "start_time"');
  });
});

describe('createClientConfig validate option', () => {
  it('refuses an unknown validate mode, naming the three', () => {
    expect(() => createClientConfig('live', servers, { endpoint: server.url, projectId: 'p', credentials: { token: TOKEN }, validate: 'strict' as never })).toThrow(
      `options.validate must be 'full', 'types' or 'off'; got "strict".`,
    );
  });
});
