// Spec-driven tests of the generated paginators and waiters of a service,
// against real servers on 127.0.0.1 that page a list as its `x-pagination`
// declares, or walk a task through the states its `x-waiter` declares.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Operation, Pagination, Waiter } from '../generate/operations.ts';
import type { OpenApiDocument } from '../spec.ts';
import { exampleCall, listCallables, successStatus, type Callable } from './operation-cases.ts';
import { startRecordingServer, type RecordedRequest, type RecordingServer } from './recording-server.ts';
import { PROJECT_ID, type CreateClient } from './operation-suite.ts';

type Module = Record<string, unknown>;
type Paged = AsyncIterable<unknown> & { byPage(): AsyncIterable<unknown> };
type Paginator = (client: unknown, params: Record<string, unknown>, options?: { signal?: AbortSignal }) => Paged;
type WaitFn = (client: unknown, params: Record<string, unknown>, options?: Record<string, unknown>) => Promise<unknown>;

const TOKEN = 'token-paging';

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Sets a value at a short path (`task_array[0].status`), creating objects and arrays on the way. */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  if (path === '') return value as Record<string, unknown>;
  const steps = path.split(/\.|(?=\[)/).map((step) => (/^\[(\d+)\]$/.test(step) ? Number(step.slice(1, -1)) : step));
  let node: any = root;
  steps.forEach((step, index) => {
    if (index === steps.length - 1) {
      node[step] = value;
      return;
    }
    const nextIsIndex = typeof steps[index + 1] === 'number';
    if (node[step] === undefined || node[step] === null || typeof node[step] !== 'object') node[step] = nextIsIndex ? [] : {};
    node = node[step];
  });
  return root;
}

function readPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  let node: any = value;
  for (const step of path.split(/\.|(?=\[)/)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = /^\[\d+\]$/.test(step) ? node[Number(step.slice(1, -1))] : node[step];
  }
  return node;
}

function pagingParameters(pagination: Pagination): string[] {
  return [pagination.offset, pagination.limit, pagination.page, pagination.size, pagination.cursor].filter((name): name is string => typeof name === 'string');
}

interface ListServer {
  server: RecordingServer;
  items: unknown[];
  /** Make the n-th request (1-based) fail with this status. */
  failOn?: { request: number; status: number } | undefined;
  /** Answer every page with the same cursor (a broken service). */
  stuckCursor?: boolean;
}

/** Page size the tests ask for: small, so a list of 14 items spans four pages. */
const PAGE_SIZE = 4;

/** Items a test list holds: copies of the example item, each told apart by its position. */
function makeItems(document: OpenApiDocument, callable: Callable, count: number): unknown[] {
  const pagination = callable.operation.pagination!;
  const example = successStatus(document, callable).body;
  const sample = (readPath(example, pagination.items) as unknown[] | undefined)?.[0];
  return Array.from({ length: count }, (_, index) => {
    const key = `item-${String(index).padStart(4, '0')}`;
    if (typeof sample === 'string' || (sample === undefined && pagination.scheme === 'cursor' && !pagination.cursorFrom)) return key;
    const item = clone((sample ?? {}) as Record<string, unknown>);
    if (typeof pagination.cursorFrom === 'string') setPath(item, pagination.cursorFrom, key);
    item.test_position = index;
    return item;
  });
}

/**
 * The cursor the test server hands out for an item: the item itself when items are strings, its
 * `cursorFrom` property, or, when the body's `nextCursor` is an opaque marker taken from no item
 * property, a marker minted from the item's test position.
 */
function cursorOf(pagination: NonNullable<Callable['operation']['pagination']>, item: unknown): unknown {
  if (typeof item === 'string') return item;
  if (typeof pagination.cursorFrom === 'string') return readPath(item, pagination.cursorFrom);
  return `marker-${String((item as { test_position?: number }).test_position).padStart(4, '0')}`;
}

/** The documented 2xx body of each list, looked up once. */
const templates = new WeakMap<Callable, unknown>();

function answerPage(document: OpenApiDocument, callable: Callable, state: ListServer, request: RecordedRequest) {
  const pagination = callable.operation.pagination!;
  if (!templates.has(callable)) templates.set(callable, successStatus(document, callable).body ?? {});
  const template = clone(templates.get(callable)) as Record<string, unknown>;
  const number = (name: string | number | undefined, fallback: number) => {
    const raw = typeof name === 'string' ? request.query.get(name) : null;
    return raw === null ? fallback : Number(raw);
  };
  let start = 0;
  let size = 10;
  if (pagination.scheme === 'offset') {
    start = number(pagination.offset, 0);
    size = number(pagination.limit, 10);
  } else if (pagination.scheme === 'page') {
    size = number(pagination.size, 10);
    start = (number(pagination.page, Number(pagination.firstPage ?? 0)) - Number(pagination.firstPage ?? 0)) * size;
  } else {
    size = number(pagination.limit, 10);
    const cursor = request.query.get(String(pagination.cursor));
    if (cursor !== null) {
      const index = state.items.findIndex((item) => cursorOf(pagination, item) === cursor);
      start = index + 1;
    }
  }
  const slice = state.items.slice(start, start + size);
  let body = setPath(template, pagination.items, slice);
  if (typeof pagination.total === 'string') body = setPath(body, pagination.total, state.items.length);
  if (typeof pagination.hasMore === 'string') body = setPath(body, pagination.hasMore, start + size < state.items.length);
  if (typeof pagination.nextCursor === 'string') {
    const last = slice.at(-1);
    body = setPath(body, pagination.nextCursor, state.stuckCursor ? 'stuck' : last === undefined ? '' : cursorOf(pagination, last));
  }
  if (state.stuckCursor && pagination.scheme === 'cursor' && !pagination.nextCursor) {
    body = setPath(body, pagination.items, state.items.slice(0, size));
  }
  return body;
}

/** Registers paginator tests for every list operation with `x-pagination`. */
export function describePaginators(service: string, document: OpenApiDocument, module: Module, create: CreateClient): void {
  // The model is read once per file: reading it per page answer made each operation's cost grow with the spec.
  const callables = listCallables(document);
  const operations = [...new Set(callables.map((callable) => callable.operation))].filter((operation) => operation.pagination);
  if (operations.length === 0) return;
  // One server and client for every paginator of the file: each paginator's tests swap in its own responder.
  const shared = { server: undefined as unknown as RecordingServer, client: undefined as unknown };
  beforeAll(async () => {
    shared.server = await startRecordingServer();
    shared.client = create({ endpoint: shared.server.url, projectId: PROJECT_ID, credentials: { token: TOKEN }, retry: false });
  });
  afterAll(() => shared.server.close());
  describe.each(operations)(`${service} paginate$operationId`, (operation) => {
    const pagination = operation.pagination!;
    const paginator = module[`paginate${operation.operationId}`] as Paginator;
    const pageSize = PAGE_SIZE;
    const count = pageSize * 3 + Math.floor(pageSize / 2); // more than three pages, the last one short
    const callable = callables.find((item) => item.operation === operation)!;
    const base = Object.fromEntries(
      Object.entries(exampleCall(document, callable, PROJECT_ID).params).filter(([name]) => !pagingParameters(pagination).includes(name)),
    );
    const sizeParameter = pagination.scheme === 'page' ? String(pagination.size) : typeof pagination.limit === 'string' ? pagination.limit : undefined;
    const params = { ...base, ...(sizeParameter ? { [sizeParameter]: pageSize } : {}) };
    const keptName = operation.parameters.find((parameter) => parameter.in === 'query' && parameter.type !== 'array' && !parameter.required && !pagingParameters(pagination).includes(parameter.name) && !(parameter.name in params))?.name;

    const state: ListServer = { server: undefined as unknown as RecordingServer, items: [] };
    let client: unknown;
    beforeAll(() => {
      state.items = makeItems(document, callable, count);
      state.server = shared.server;
      state.server.requests.length = 0;
      state.server.respond((request) => {
        const index = state.server.requests.length;
        if (state.failOn && index === state.failOn.request) return { status: state.failOn.status, body: { error_code: 'TEST.0500', error_msg: 'injected failure' } };
        return { status: 200, body: answerPage(document, callable, state, request) };
      });
      client = shared.client;
    });

    function pageRequests(): RecordedRequest[] {
      return state.server.requests.filter((request) => request.method === operation.method);
    }

    it(`yields every item of a list longer than three pages, in order, each page requested once`, async () => {
      state.server.requests.length = 0;
      state.failOn = undefined;
      state.stuckCursor = false;
      const seen: unknown[] = [];
      for await (const item of paginator(client, params)) seen.push(item);
      expect(seen).toEqual(state.items);
      const requests = pageRequests();
      expect(requests.length).toBe(Math.ceil(count / pageSize));
      const positions = requests.map((request) => request.query.get(String(pagination.offset ?? pagination.page ?? pagination.cursor)));
      expect(new Set(positions).size).toBe(positions.length);
      for (const request of requests) expect(request.query.get(String(sizeParameter))).toBe(sizeParameter ? String(pageSize) : null);
    });

    it('byPage() yields the whole page bodies', async () => {
      state.server.requests.length = 0;
      const pages: unknown[] = [];
      for await (const page of paginator(client, params).byPage()) pages.push(page);
      expect(pages.length).toBe(Math.ceil(count / pageSize));
      expect(pages.flatMap((page) => readPath(page, pagination.items) as unknown[])).toEqual(state.items);
    });

    if (keptName !== undefined) it(`keeps the caller's other parameters (${keptName}) on every page`, async () => {
      state.server.requests.length = 0;
      const parameter = operation.parameters.find((item) => item.name === keptName)!;
      const value = parameter.enum?.[0] ?? (parameter.type === 'string' ? 'kept-value' : parameter.type === 'boolean' ? true : 1);
      for await (const item of paginator(client, { ...params, [keptName!]: value })) void item;
      const requests = pageRequests();
      expect(requests.length).toBeGreaterThan(3);
      for (const request of requests) expect(request.query.get(keptName!)).toBe(String(value));
    });

    it('stops at once when the signal aborts, requesting no further page', async () => {
      state.server.requests.length = 0;
      const controller = new AbortController();
      const iterate = async () => {
        for await (const item of paginator(client, params, { signal: controller.signal })) {
          void item;
          controller.abort(new Error('caller stopped'));
        }
      };
      await expect(iterate()).rejects.toThrow('caller stopped');
      expect(pageRequests().length).toBe(1);
    });

    it('throws a ServiceError on an error answer instead of looping', async () => {
      state.server.requests.length = 0;
      state.failOn = { request: 2, status: 500 };
      const seen: unknown[] = [];
      const iterate = async () => {
        for await (const item of paginator(client, params)) seen.push(item);
      };
      await expect(iterate()).rejects.toMatchObject({ name: 'ServiceError', status: 500, code: 'TEST.0500' });
      expect(seen.length).toBe(pageSize);
      expect(pageRequests().length).toBe(2);
      state.failOn = undefined;
    });

    if (pagination.scheme === 'cursor') it('refuses to request the same cursor twice when the service does not advance', async () => {
      state.server.requests.length = 0;
      state.stuckCursor = true;
      const iterate = async () => {
        for await (const item of paginator(client, params)) void item;
      };
      await expect(iterate()).rejects.toMatchObject({ name: 'PaginationError' });
      const cursors = pageRequests().map((request) => request.query.get(String(pagination.cursor)));
      expect(new Set(cursors).size).toBe(cursors.length);
      state.stuckCursor = false;
    });
  });
}

/** Registers waiter tests for every operation with `x-waiter`. */
export function describeWaiters(service: string, document: OpenApiDocument, module: Module, create: CreateClient): void {
  const callables = listCallables(document);
  const operations = [...new Set(callables.map((callable) => callable.operation))].filter((operation) => operation.waiter);
  if (operations.length === 0) return;
  // One server and client for every waiter of the file: each waiter's tests swap in its own responder.
  // `sent` counts the polls the client starts: what the server has received so far may lag behind on a busy machine.
  const shared = { server: undefined as unknown as RecordingServer, client: undefined as unknown, sent: 0 };
  beforeAll(async () => {
    shared.server = await startRecordingServer();
    const fetch = (request: Request) => {
      shared.sent++;
      return globalThis.fetch(request);
    };
    shared.client = create({ endpoint: shared.server.url, projectId: PROJECT_ID, credentials: { token: TOKEN }, retry: false, fetch });
  });
  afterAll(() => shared.server.close());
  describe.each(operations)(`${service} waiter on $operationId`, (operation) => {
    const waiter = operation.waiter as Waiter;
    const wait = module[`waitFor${waiter.name}`] as WaitFn;
    const callable = callables.find((item) => item.operation === operation)!;
    const { params } = exampleCall(document, callable, PROJECT_ID);
    for (const key of waiter.identify ?? []) {
      const parameter = operation.parameters.find((item) => item.name === key)!;
      const one = (parameter.items ?? parameter.type) === 'string' ? 'task-under-test' : 7;
      params[key] ??= parameter.type === 'array' ? [one] : one;
    }
    const template = successStatus(document, callable).body;
    const pending = waiter.pending?.[0] ?? 'TEST_PENDING';
    let states: Array<string | null> = [];
    let server: RecordingServer;
    let client: unknown;
    const fast = { minDelayMs: 1, maxDelayMs: 5 };

    function bodyWith(state: string | null): unknown {
      const body = clone((template ?? {}) as Record<string, unknown>);
      if (state === null) {
        // The task is gone: an empty list, or no object at all.
        const container = waiter.resource.replace(/\[\d+\]$/, '');
        return waiter.resource === '' ? {} : container !== waiter.resource ? setPath(body, container, []) : setPath(body, waiter.resource, null);
      }
      const resource = clone(((readPath(template, waiter.resource) as Record<string, unknown> | undefined) ?? {}) as Record<string, unknown>);
      setPath(resource, waiter.status, state);
      return waiter.resource === '' ? { ...body, ...resource } : setPath(body, waiter.resource, resource);
    }

    beforeAll(() => {
      server = shared.server;
      server.requests.length = 0;
      server.respond(() => {
        const state = states.length > 1 ? states.shift()! : states[0]!;
        return { status: 200, body: bodyWith(state) };
      });
      client = shared.client;
    });

    it.each(Object.entries(waiter.until))('until %s: resolves with the task once it reaches a success state', async (target, { success }) => {
      server.requests.length = 0;
      states = [pending, pending, success[0]!];
      const task = await wait(client, params, { until: target, ...fast });
      expect(readPath(task, waiter.status)).toBe(success[0]);
      expect(server.requests.length).toBe(3);
      for (const request of server.requests) expect(request.method).toBe(operation.method);
    });

    const failing = Object.entries(waiter.until).filter(([, target]) => target.failure.length > 0);
    if (failing.length > 0) it('rejects with a WaiterError naming the failure state', async () => {
      const [target, { failure }] = failing[0]!;
      server.requests.length = 0;
      states = [pending, failure[0]!];
      const error = await wait(client, params, { until: target, ...fast }).catch((reason: unknown) => reason);
      expect(error).toMatchObject({ name: 'WaiterError', kind: 'failed', state: failure[0] });
      expect((error as Error).message).toContain(failure[0]!);
      expect(server.requests.length).toBe(2);
    });

    it('rejects with a WaiterError of kind timeout, naming the last state, when the deadline passes', async () => {
      states = [pending];
      const before = shared.sent;
      const error = await wait(client, params, { timeoutMs: 250, ...fast }).catch((reason: unknown) => reason);
      expect(error).toMatchObject({ name: 'WaiterError', kind: 'timeout' });
      const polls = shared.sent - before;
      expect(polls).toBeGreaterThan(0);
      // A second poll starts only after the waiter has read the first answer, so from then on it knows the state;
      // on a machine so busy that the deadline passed before any answer, there is no state to name.
      if (polls >= 2) {
        expect(error).toMatchObject({ state: pending });
        expect((error as Error).message).toContain(pending);
      }
    });

    it('stops polling when the signal aborts', async () => {
      server.requests.length = 0;
      states = [pending];
      const controller = new AbortController();
      const waiting = wait(client, params, { signal: controller.signal, minDelayMs: 50, maxDelayMs: 50 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort(new Error('caller gave up'));
      await expect(waiting).rejects.toThrow('caller gave up');
      const polls = shared.sent;
      expect(polls).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(shared.sent, 'no poll starts after the abort').toBe(polls);
    });

    if (waiter.resource !== '') it('rejects with a WaiterError of kind missing when the task is not in the answer', async () => {
      states = [null];
      await expect(wait(client, params, fast)).rejects.toMatchObject({ name: 'WaiterError', kind: 'missing' });
    });

    for (const key of waiter.identify ?? []) it(`requires ${key}, which picks the task, before polling`, async () => {
      const before = shared.sent;
      const { [key]: _omitted, ...rest } = params;
      const error = await wait(client, rest, fast).catch((reason: unknown) => reason);
      expect(error).toMatchObject({ name: 'InvalidInputError' });
      expect((error as Error).message).toContain(`params.${key}`);
      expect(shared.sent).toBe(before);
    });

    it('rejects an unknown until target with an InvalidInputError before polling', async () => {
      const before = shared.sent;
      await expect(wait(client, params, { until: 'no-such-target' })).rejects.toMatchObject({ name: 'InvalidInputError' });
      expect(shared.sent).toBe(before);
    });
  });
}
