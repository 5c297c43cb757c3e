// Core's own tests of `paginate` and `waitFor` (until now only the generated
// clients' suites exercised them): every paging scheme the specs use, against
// a real list server on 127.0.0.1, through `send` and a client's fetch, and
// the guards against a service that would keep a paginator going forever.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordedRequest, type RecordingServer, type Reply } from '@huaweicloud-openapi/scripts/testing/recording-server';
import {
  akskSigner,
  createClientConfig,
  DEFAULT_MAX_PAGES,
  InvalidInputError,
  paginate,
  PaginationError,
  send,
  ServiceError,
  waitFor,
  WaiterError,
  type BareClient,
  type PaginateOptions,
  type PaginationSpec,
  type WaiterSpec,
} from '../src/index.js';

let server: RecordingServer;
let client: BareClient;
beforeAll(async () => {
  server = await startRecordingServer();
  client = createClientConfig('live', [{ url: 'https://live.{region}.example.com', regions: ['cn-north-4'] }], {
    endpoint: server.url,
    projectId: 'p1',
    credentials: { token: 'token-paging' },
    retry: false,
  }, akskSigner);
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const list = (query: Record<string, unknown>, init: { signal?: AbortSignal; headers?: Record<string, string> }) =>
  send(client, { method: 'GET', path: '/v1/{project_id}/items', pathParams: { project_id: 'p1' }, query }, init);

const ids = Array.from({ length: 23 }, (_, index) => `item-${String(index).padStart(2, '0')}`);

function param(request: RecordedRequest, name: string): string | null {
  return request.query.get(name);
}

async function collect(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function collectUntilError(iterable: AsyncIterable<unknown>): Promise<{ items: unknown[]; error: unknown }> {
  const items: unknown[] = [];
  try {
    for await (const item of iterable) items.push(item);
  } catch (error) {
    return { items, error };
  }
  return { items, error: undefined };
}

const run = (spec: PaginationSpec, params: Record<string, unknown> = {}, options?: PaginateOptions) => paginate<Record<string, unknown>, unknown, unknown>('ListItems', list, spec, params, options);

describe('paginate: offset paging', () => {
  const spec: PaginationSpec = { scheme: 'offset', items: 'tasks', offset: 'offset', limit: 'limit', total: 'total' };
  const honest = (request: RecordedRequest): Reply => {
    const offset = Number(param(request, 'offset') ?? 0);
    const limit = Number(param(request, 'limit') ?? 10);
    return { status: 200, body: { total: ids.length, tasks: ids.slice(offset, offset + limit).map((id) => ({ id })) } };
  };

  it('steps the offset by the items received, stops at the total, and sends the other parameters on every page', async () => {
    server.respond(honest);
    const items = await collect(run(spec, { limit: 5, region: 'r1' }));
    expect(items).toEqual(ids.map((id) => ({ id })));
    expect(server.requests.map((request) => param(request, 'offset'))).toEqual(['0', '5', '10', '15', '20']);
    expect(server.requests.every((request) => param(request, 'limit') === '5' && param(request, 'region') === 'r1')).toBe(true);
  });

  it("steps by the service's own page size when no limit is given", async () => {
    server.respond(honest);
    expect(await collect(run(spec))).toHaveLength(23);
    expect(server.requests.map((request) => param(request, 'offset'))).toEqual(['0', '10', '20']);
  });

  it('starts where the caller says, counting the items before it toward the total', async () => {
    server.respond(honest);
    expect(await collect(run(spec, { offset: 10, limit: 5 }))).toEqual(ids.slice(10).map((id) => ({ id })));
    expect(server.requests.map((request) => param(request, 'offset'))).toEqual(['10', '15', '20']);
  });

  it('yields whole pages with byPage()', async () => {
    server.respond(honest);
    const pages = (await collect(run(spec, { limit: 10 }).byPage())) as Array<{ tasks: unknown[] }>;
    expect(pages.map((page) => page.tasks.length)).toEqual([10, 10, 3]);
  });

  it('throws the ServiceError of an error answer', async () => {
    server.respond((request) => (param(request, 'offset') === '5' ? { status: 500, body: { error_code: 'LIVE.1', error_msg: 'broken' } } : honest(request)));
    const { items, error } = await collectUntilError(run(spec, { limit: 5 }));
    expect(items).toHaveLength(5);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ status: 500, code: 'LIVE.1' });
  });

  it('stops when the signal aborts, with its reason', async () => {
    server.respond(honest);
    const controller = new AbortController();
    const reason = new Error('enough');
    const items: unknown[] = [];
    const error = await (async () => {
      for await (const item of run(spec, { limit: 5 }, { signal: controller.signal })) {
        items.push(item);
        if (items.length === 7) controller.abort(reason);
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBe(reason);
    expect(server.requests).toHaveLength(2);
  });

  it('stops with an AbortError whose cause is the reason when the reason is not an error', async () => {
    server.respond(honest);
    const controller = new AbortController();
    let seen = 0;
    const error = await (async () => {
      for await (const _item of run(spec, { limit: 5 }, { signal: controller.signal })) if (++seen === 7) controller.abort('enough');
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'AbortError', cause: 'enough' });
  });

  describe('guards against a service that would page forever', () => {
    it('a page with the same items as the one before (the offset ignored, total 1e9) throws after the second request', async () => {
      server.respond(() => ({ status: 200, body: { total: 1e9, tasks: ids.slice(0, 5).map((id) => ({ id })) } }));
      const { items, error } = await collectUntilError(run(spec, { limit: 5 }));
      expect(error).toBeInstanceOf(PaginationError);
      expect((error as Error).message).toMatch(/^ListItems: page 2 has the same items as page 1; the service ignored the paging parameter/);
      expect(items).toHaveLength(5);
      expect(server.requests).toHaveLength(2);
    });

    it('an empty page while the total says more remain throws, naming what arrived', async () => {
      server.respond((request) => {
        const offset = Number(param(request, 'offset') ?? 0);
        return { status: 200, body: { total: 100, tasks: ids.slice(offset, Math.min(offset + 5, 10)).map((id) => ({ id })) } };
      });
      const { items, error } = await collectUntilError(run(spec, { limit: 5 }));
      expect(items).toHaveLength(10);
      expect(error).toBeInstanceOf(PaginationError);
      expect((error as Error).message).toBe(
        'ListItems: page 3 is empty, but the service reported 100 items and 10 arrived; the list changed while paging (iterate again) or the service miscounts (use .byPage() and stop at the first empty page).',
      );
    });

    it('more than maxPages pages throws, naming the option; new items forever are bounded', async () => {
      let next = 0;
      server.respond(() => ({ status: 200, body: { total: 1e9, tasks: [{ id: next++ }, { id: next++ }] } }));
      const { items, error } = await collectUntilError(run(spec, { limit: 2 }, { maxPages: 3 }));
      expect(items).toHaveLength(6);
      expect(error).toBeInstanceOf(PaginationError);
      expect((error as Error).message).toBe('ListItems: stopped after 3 pages (options.maxPages) before the last page; pass a larger maxPages (or Infinity) to paginateListItems to read further.');
      expect(server.requests).toHaveLength(3);
    });

    it('has a documented default bound, and refuses a maxPages that is not a positive whole number', async () => {
      expect(DEFAULT_MAX_PAGES).toBe(10_000);
      for (const maxPages of [0, -1, 2.5, Number.NaN]) {
        const { error } = await collectUntilError(run(spec, {}, { maxPages }));
        expect(error).toBeInstanceOf(InvalidInputError);
        expect((error as Error).message).toContain('paginateListItems: options.maxPages must be a positive whole number, or Infinity for no bound');
      }
      expect(server.requests).toHaveLength(0);
    });
  });
});

describe('paginate: page-index paging', () => {
  const spec: PaginationSpec = { scheme: 'page', items: 'task_array', page: 'page', size: 'size', firstPage: 0, total: 'total' };
  const honest = (request: RecordedRequest): Reply => {
    const page = Number(param(request, 'page') ?? 0);
    const size = Number(param(request, 'size') ?? 10);
    return { status: 200, body: { total: ids.length, task_array: ids.slice(page * size, page * size + size) } };
  };

  it('steps the page index by one from the first page and stops at the total', async () => {
    server.respond(honest);
    expect(await collect(run(spec, { size: 5 }))).toEqual(ids);
    expect(server.requests.map((request) => param(request, 'page'))).toEqual(['0', '1', '2', '3', '4']);
  });

  it('starts at the page the caller gives, counting the pages before it', async () => {
    server.respond(honest);
    expect(await collect(run(spec, { size: 5, page: 3 }))).toEqual(ids.slice(15));
    expect(server.requests.map((request) => param(request, 'page'))).toEqual(['3', '4']);
  });

  it('stops at a short page when there is no total, and at a repeated page', async () => {
    server.respond((request) => ({ status: 200, body: { task_array: honest(request).body && (honest(request).body as { task_array: string[] }).task_array } }));
    expect(await collect(run(spec, { size: 10 }))).toEqual(ids);
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    server.respond(() => ({ status: 200, body: { total: 50, task_array: ids.slice(0, 10) } }));
    const { error } = await collectUntilError(run(spec, { size: 10 }));
    expect(error).toBeInstanceOf(PaginationError);
    expect(server.requests).toHaveLength(2);
  });
});

describe('paginate: marker (cursor) paging', () => {
  it("DIS's form: string items, the last one is the next start, has_more says when to stop", async () => {
    const spec: PaginationSpec = { scheme: 'cursor', items: 'stream_names', cursor: 'start_stream_name', limit: 'limit', hasMore: 'has_more_streams', total: 'total_number' };
    server.respond((request) => {
      const start = param(request, 'start_stream_name');
      const from = start === null ? 0 : ids.indexOf(start) + 1;
      const names = ids.slice(from, from + 10);
      return { status: 200, body: { total_number: ids.length, stream_names: names, has_more_streams: from + 10 < ids.length } };
    });
    expect(await collect(run(spec, { limit: 10 }))).toEqual(ids);
    expect(server.requests.map((request) => param(request, 'start_stream_name'))).toEqual([null, 'item-09', 'item-19']);
  });

  it('a marker taken from a property of the last item (cursorFrom) or of the body (nextCursor)', async () => {
    server.respond((request) => {
      const marker = param(request, 'marker');
      const from = marker === null ? 0 : ids.indexOf(marker) + 1;
      const page = ids.slice(from, from + 10).map((id) => ({ id }));
      return { status: 200, body: { items: page, next_marker: from + 10 < ids.length ? page.at(-1)!.id : '' } };
    });
    const fromItem: PaginationSpec = { scheme: 'cursor', items: 'items', cursor: 'marker', cursorFrom: 'id' };
    expect(await collect(run(fromItem))).toHaveLength(23);
    // Nothing says the third page is the last: one more request finds it empty.
    expect(server.requests.map((request) => param(request, 'marker'))).toEqual([null, 'item-09', 'item-19', 'item-22']);

    server.requests.length = 0;
    const fromBody: PaginationSpec = { scheme: 'cursor', items: 'items', cursor: 'marker', nextCursor: 'next_marker' };
    expect(await collect(run(fromBody))).toHaveLength(23);
    expect(server.requests.map((request) => param(request, 'marker'))).toEqual([null, 'item-09', 'item-19']);
  });

  it('a marker the service returns twice throws instead of looping', async () => {
    let next = 0;
    server.respond(() => ({ status: 200, body: { items: [{ id: next++ }], next_marker: 'stuck' } }));
    const spec: PaginationSpec = { scheme: 'cursor', items: 'items', cursor: 'marker', nextCursor: 'next_marker' };
    const { error } = await collectUntilError(run(spec));
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/^ListItems: the service returned the cursor "stuck" twice/);
    expect(server.requests).toHaveLength(2);
  });
});

describe('waitFor', () => {
  const spec: WaiterSpec = {
    resource: 'task_array[0]',
    status: 'status',
    until: { succeeded: { success: ['SUCCEEDED'], failure: ['FAILED', 'CANCELED'] }, canceled: { success: ['CANCELED'], failure: ['SUCCEEDED'] } },
    identify: ['task_id'],
  };
  const poll = (init: { signal?: AbortSignal; headers?: Record<string, string> }) => list({ task_id: 't-1' }, init);
  const fast = { minDelayMs: 1, maxDelayMs: 2 };
  const states = (...sequence: string[]) => {
    server.respond(() => ({ status: 200, body: { task_array: [{ task_id: 't-1', status: sequence.length > 1 ? sequence.shift() : sequence[0] }] } }));
  };

  it('polls until a success state and resolves with the task', async () => {
    states('WAITING', 'PROCESSING', 'SUCCEEDED');
    const task = await waitFor<{ status: string }>('TranscodingTask', poll, spec, fast, { task_id: 't-1' });
    expect(task).toEqual({ task_id: 't-1', status: 'SUCCEEDED' });
    expect(server.requests).toHaveLength(3);
    expect(server.requests.every((request) => param(request, 'task_id') === 't-1')).toBe(true);
  });

  it('rejects on a failure state of the chosen target, naming it', async () => {
    states('PROCESSING', 'FAILED');
    const error = await waitFor('TranscodingTask', poll, spec, fast, { task_id: 't-1' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WaiterError);
    expect(error).toMatchObject({ kind: 'failed', state: 'FAILED', message: 'waitForTranscodingTask: the task reached the failure state FAILED.' });
  });

  it("says why a task failed, from the task's own error fields, in the message and on the error", async () => {
    server.respond(() => ({
      status: 200,
      body: { task_array: [{ task_id: 't-1', status: 'FAILED', error_code: 'MPC.10212', description: 'unsupported codec\r\nforged: line' }] },
    }));
    const withError: WaiterSpec = { ...spec, error: { code: 'error_code', message: 'description' } };
    const error = await waitFor('TranscodingTask', poll, withError, fast, { task_id: 't-1' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      kind: 'failed',
      code: 'MPC.10212',
      detail: 'unsupported codec forged: line',
      message: 'waitForTranscodingTask: the task reached the failure state FAILED (MPC.10212: unsupported codec forged: line).',
    });
  });

  it("checks the target's own failure states: SUCCEEDED fails a wait for canceled", async () => {
    states('SUCCEEDED');
    await expect(waitFor('TranscodingTask', poll, spec, { ...fast, until: 'canceled' }, { task_id: 't-1' })).rejects.toMatchObject({ kind: 'failed', state: 'SUCCEEDED' });
  });

  it('rejects when the task is missing, on an error answer, and without the identifying parameter', async () => {
    server.respond(() => ({ status: 200, body: { task_array: [] } }));
    await expect(waitFor('TranscodingTask', poll, spec, fast, { task_id: 't-1' })).rejects.toMatchObject({ name: 'WaiterError', kind: 'missing' });
    server.respond(() => ({ status: 404, body: { error_code: 'MPC.1', error_msg: 'gone' } }));
    await expect(waitFor('TranscodingTask', poll, spec, fast, { task_id: 't-1' })).rejects.toBeInstanceOf(ServiceError);
    server.requests.length = 0;
    await expect(waitFor('TranscodingTask', poll, spec, fast, {})).rejects.toBeInstanceOf(InvalidInputError);
    expect(server.requests).toHaveLength(0);
  });

  it('gives up with kind timeout, naming the limit', async () => {
    states('PROCESSING');
    const error = await waitFor('TranscodingTask', poll, spec, { ...fast, timeoutMs: 100 }, { task_id: 't-1' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'WaiterError', kind: 'timeout' });
    expect((error as Error).message).toMatch(/^waitForTranscodingTask: gave up after 100 ms waiting for SUCCEEDED; the last state was (PROCESSING|\(none yet\))\.$/);
  });
});
