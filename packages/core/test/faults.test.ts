// Hostile servers (issue 19): bodies that stall after the headers, answers cut
// short, HTML where JSON was promised, answers too large to hold, statuses no
// Response can carry, framing headers from the caller and control characters
// meant to forge log lines. Real servers on 127.0.0.1 (ephemeral ports) that
// react to each request as it arrives; the library's time limits are short,
// the tests' own are generous, and nothing asserts how long anything took.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  akskSigner,
  createClientConfig,
  normalizeError,
  RequestFailedError,
  send,
  ServiceError,
  waitFor,
  WaiterError,
  type BareClient,
  type ClientOptions,
} from '../src/index.js';

const servers = [{ url: 'https://live.{region}.example.com', regions: ['cn-north-4'] }];
const CONTROL = /[\0-\x1f\x7f-\x9f\u2028\u2029]/;

type Handler = (request: IncomingMessage, response: ServerResponse, index: number) => void;

interface Hostile {
  url: string;
  /** Requests received so far. */
  count: () => number;
  close: () => Promise<void>;
}

let open: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.map((server) => server.close()));
  open = [];
});

/** An HTTP server answering request N (0-based) with `handler(request, response, N)`. */
async function hostile(handler: Handler): Promise<Hostile> {
  let count = 0;
  const server = createServer((request, response) => {
    const index = count++;
    request.resume();
    request.on('end', () => handler(request, response, index));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const result = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(result);
  return result;
}

/** A TCP server writing `raw` as its answer to every request. */
async function rawServer(raw: string): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => socket.end(raw));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const senders = [
  ['node:http sender', undefined],
  ['global fetch', (request: Request, init?: RequestInit) => fetch(request, init)],
] as const;
let sender: ClientOptions['fetch'];

function client(url: string, options: Partial<ClientOptions> = {}): BareClient {
  return createClientConfig('live', servers, {
    endpoint: url,
    projectId: 'p1',
    credentials: { token: 'token-faults' },
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
    fetch: sender,
    ...options,
  } as ClientOptions, akskSigner);
}

const get = (bare: BareClient, init?: { signal?: AbortSignal; headers?: Record<string, string> }, parseAs?: 'stream') =>
  send(bare, { method: 'GET', path: '/v1/{project_id}/task', pathParams: { project_id: 'p1' }, parseAs }, init);
const post = (bare: BareClient) => send(bare, { method: 'POST', path: '/v1/{project_id}/task', pathParams: { project_id: 'p1' }, body: { name: 'x' } });

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

/** Head sent, then part of the body, then nothing: the connection stays open. */
const stall = (withLength: boolean): Handler => (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'rid-stall', ...(withLength ? { 'content-length': '100' } : {}) });
  response.write('{"task_id":');
};

/** Head sent, then part of the body, then the connection is destroyed. */
const cut = (withLength: boolean): Handler => (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'rid-cut', ...(withLength ? { 'content-length': '100' } : {}) });
  response.write('{"task_id":', () => response.socket?.destroy());
};

const ok: Handler = (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end('{"task_id":"t-1"}');
};

describe.each(senders)('through the %s', (_name, chosen) => {
  beforeEach(() => {
    sender = chosen;
  });

  describe('a body that stalls after the headers', () => {
    it.each([['chunked', false], ['with a Content-Length', true]])('(%s) fails at the attempt timeout, retried first, naming status and request id', async (_kind, withLength) => {
      const server = await hostile(stall(withLength));
      const error = await failure(get(client(server.url, { timeoutMs: 500 })));
      expect(error).toBeInstanceOf(RequestFailedError);
      expect(error).toMatchObject({ attempts: 2, status: 200, requestId: 'rid-stall' });
      expect((error as Error).message).toMatch(/failed after 2 attempts: no response within 500 ms \(HTTP 200, request id rid-stall\)$/);
      expect(server.count()).toBe(2);
    });

    it('fails at the deadline when attempts have no time limit', async () => {
      const server = await hostile(stall(false));
      const error = await failure(get(client(server.url, { timeoutMs: Infinity, deadlineMs: 1_000, retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 5 } })));
      expect(error).toBeInstanceOf(RequestFailedError);
      expect(error).toMatchObject({ status: 200, requestId: 'rid-stall' });
    });

    /** A call whose answer's head has arrived and whose body stalls; resolves once the head is sent. */
    async function stalledCall(controller: AbortController) {
      let headSent!: () => void;
      const sent = new Promise<void>((resolve) => (headSent = resolve));
      const server = await hostile((request, response, index) => {
        stall(false)(request, response, index);
        headSent();
      });
      const call = failure(get(client(server.url, { timeoutMs: Infinity }), { signal: controller.signal }));
      await sent;
      return { server, call };
    }

    it("rejects with the signal's reason when the caller aborts during the body", async () => {
      const controller = new AbortController();
      const { server, call } = await stalledCall(controller);
      const reason = new Error('user navigated away');
      controller.abort(reason);
      expect(await call).toBe(reason);
      expect(server.count()).toBe(1);
    });

    it.each([['a string', 'user navigated away'], ['undefined-like', null], ['a number', 42]])(
      'rejects with an AbortError carrying the reason as its cause when the reason is not an error (%s)',
      async (_kind, reason) => {
        const controller = new AbortController();
        const { call } = await stalledCall(controller);
        controller.abort(reason);
        const error = await call;
        expect(error).toBeInstanceOf(Error);
        expect(error).toMatchObject({ name: 'AbortError', cause: reason });
        expect((error as Error).message).toMatch(/^The call was aborted \(reason: .+\)\.$/);
      },
    );

    it('rejects an already aborted call with an AbortError before anything is sent', async () => {
      const server = await hostile(ok);
      const controller = new AbortController();
      controller.abort('too late');
      const error = await failure(get(client(server.url), { signal: controller.signal }));
      expect(error).toMatchObject({ name: 'AbortError', cause: 'too late' });
      expect(server.count()).toBe(0);
    });

    it("errors a body streamed to the caller (parseAs: 'stream') at the attempt timeout instead of hanging", async () => {
      const server = await hostile(stall(false));
      const { data } = await get(client(server.url, { timeoutMs: 500 }), undefined, 'stream');
      const error = await failure(new Response(data as ReadableStream).text());
      expect((error as Error).name).toBe('TimeoutError');
    });

    it("errors a streamed body with the signal's reason when the caller aborts while reading it", async () => {
      const server = await hostile(stall(false));
      const controller = new AbortController();
      const { data } = await get(client(server.url, { timeoutMs: Infinity }), { signal: controller.signal }, 'stream');
      const reading = failure(new Response(data as ReadableStream).text());
      const reason = new Error('reader went away');
      controller.abort(reason);
      expect(await reading).toBe(reason);
    });
  });

  describe('answers cut short', () => {
    it.each([['chunked', false], ['with a Content-Length', true]])('(%s) to a GET are retried like a reset', async (_kind, withLength) => {
      const server = await hostile((request, response, index) => (index === 0 ? cut(withLength) : ok)(request, response, index));
      const { data } = await get(client(server.url));
      expect(data).toEqual({ task_id: 't-1' });
      expect(server.count()).toBe(2);
    });

    it('to a GET, every time, fail with status and request id once attempts run out', async () => {
      const server = await hostile(cut(true));
      const error = await failure(get(client(server.url)));
      expect(error).toBeInstanceOf(RequestFailedError);
      expect(error).toMatchObject({ attempts: 2, status: 200, requestId: 'rid-cut', method: 'GET' });
      expect(server.count()).toBe(2);
    });

    it('to a POST are never retried (the server read it), and name status and request id', async () => {
      const server = await hostile(cut(false));
      const error = await failure(post(client(server.url)));
      expect(error).toBeInstanceOf(RequestFailedError);
      expect(error).toMatchObject({ attempts: 1, status: 200, requestId: 'rid-cut', method: 'POST' });
      expect(server.count()).toBe(1);
    });
  });

  it('turns a 2xx HTML page from a proxy into a ServiceError with status and request id', async () => {
    const server = await hostile((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html', 'x-request-id': 'rid-proxy' });
      response.end('<html><body><h1>Proxy login required</h1></body></html>');
    });
    const error = await failure(get(client(server.url)));
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ status: 200, requestId: 'rid-proxy', code: undefined });
    expect((error as Error).message).toBe('HTTP 200 OK answered with a body that is not JSON: Proxy login required (request id rid-proxy)');
    expect(server.count()).toBe(1);
  });

  describe('maxResponseBytes', () => {
    it.each([['chunked', false], ['with a Content-Length', true]])('(%s) refuses a longer answer, naming the option, without retrying', async (_kind, withLength) => {
      const body = JSON.stringify({ data: 'x'.repeat(5_000) });
      const server = await hostile((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'rid-big', ...(withLength ? { 'content-length': String(body.length) } : {}) });
        response.end(body);
      });
      const error = await failure(get(client(server.url, { maxResponseBytes: 1_000 })));
      expect(error).toBeInstanceOf(RequestFailedError);
      expect((error as Error).message).toContain('the response body exceeds options.maxResponseBytes (1000 bytes)');
      expect(error).toMatchObject({ attempts: 1, status: 200, requestId: 'rid-big' });
      expect(server.count()).toBe(1);
      // An answer of exactly the limit is read.
      expect((await get(client(server.url, { maxResponseBytes: body.length }))).data).toEqual({ data: 'x'.repeat(5_000) });
    });
  });

  it('answers a status no Response can hold (600) with a RequestFailedError, and the process lives on', async () => {
    const url = await rawServer('HTTP/1.1 600 Strange\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
    const error = await failure(get(client(url)));
    expect(error).toBeInstanceOf(RequestFailedError);
  });
});

describe.each(senders)('framing headers from the caller, through the %s', (_name, chosen) => {
  beforeEach(() => {
    sender = chosen;
  });

  const seenBy = async () => {
    const seen: IncomingMessage['headers'][] = [];
    const server = await hostile((request, response) => {
      seen.push(request.headers);
      ok(request, response, 0);
    });
    return { server, seen };
  };
  const framing = { Host: 'evil.example', 'transfer-encoding': 'chunked', 'CONTENT-LENGTH': '5' };

  it("are dropped from a call's headers: the wire has the client's own framing", async () => {
    const { server, seen } = await seenBy();
    const bare = client(server.url, { credentials: { accessKey: 'AK', secretKey: 'SK' } });
    expect((await get(bare, { headers: framing })).data).toEqual({ task_id: 't-1' });
    expect(seen[0]).toMatchObject({ host: new URL(server.url).host });
    expect(seen[0]!['transfer-encoding']).toBeUndefined();
    expect(seen[0]!['content-length']).toBeUndefined();
    expect(await send(bare, { method: 'POST', path: '/v1/{project_id}/task', pathParams: { project_id: 'p1' }, body: { name: 'x' } }, { headers: framing })).toMatchObject({ data: { task_id: 't-1' } });
    expect(seen[1]).toMatchObject({ host: new URL(server.url).host, 'content-length': '12' });
    expect(seen[1]!['transfer-encoding']).toBeUndefined();
  });

  it("are dropped from a request passed to the client's fetch", async () => {
    const { server, seen } = await seenBy();
    const request = new Request(`${server.url}/v1/p1/task`, { method: 'POST', body: '{"name":"x"}', headers: framing });
    expect((await client(server.url).fetch(request)).status).toBe(200);
    expect(seen[0]).toMatchObject({ host: new URL(server.url).host, 'content-length': '12' });
    expect(seen[0]!['transfer-encoding']).toBeUndefined();
  });
});

describe('server text in error messages', () => {
  it('has its control characters replaced, so an answer cannot forge log lines', async () => {
    sender = undefined;
    const server = await hostile((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error_code: 'LIVE.1\u001b[2J', error_msg: 'bad request\r\n2026-11-30T00:00:00Z INFO admin logged in\u0000', request_id: 'rid\u2028x' }));
    });
    const result = await get(client(server.url));
    const error = normalizeError(result)!;
    expect(error.message).not.toMatch(CONTROL);
    expect(error.message).toContain('bad request 2026-11-30T00:00:00Z INFO admin logged in');
    expect(error.code).not.toMatch(CONTROL);
    expect(error.requestId).toBe('rid x');
  });

  it("in a waiter's failure state is cleaned too", async () => {
    sender = undefined;
    const server = await hostile((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'FAILED\nINFO all good' }));
    });
    const bare = client(server.url);
    const error = await failure(
      waitFor('Task', (init) => get(bare, init), { resource: '', status: 'status', until: { done: { success: ['DONE'], failure: ['FAILED\nINFO all good'] } } }),
    );
    expect(error).toBeInstanceOf(WaiterError);
    expect((error as Error).message).not.toMatch(CONTROL);
  });
});

describe('maxResponseBytes option', () => {
  it.each([0, -1, Number.NaN, '10'])('refuses %s, naming the option', (value) => {
    expect(() => createClientConfig('live', servers, { endpoint: 'http://127.0.0.1:1', projectId: 'p1', credentials: { token: 't' }, maxResponseBytes: value as number })).toThrow(
      /^options\.maxResponseBytes must be a positive number of bytes or Infinity; got /,
    );
  });
});
