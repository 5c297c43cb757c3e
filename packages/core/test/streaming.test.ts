// Stream bodies both ways, against real servers on 127.0.0.1, through the
// default Node sender and the platform fetch. "Not buffered" is shown without
// timing: each side holds back the rest of a body until the other side has
// seen its first bytes, which a sender that read a whole body first would
// never let happen (the test would hang and time out instead of passing).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSignature } from '@huaweicloud-openapi/scripts/testing/verifying-server';
import { akskSigner, createClientConfig, createPlainFetch, RequestFailedError, send, type ClientOptions, type Credentials } from '../src/index.js';

const SECRET = 'SK-SENTINEL-stream-9e41';
const servers = [{ url: 'https://vod.{region}.myhuaweicloud.com', regions: ['cn-north-4'] }];
const MiB = 1024 * 1024;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

interface StreamServer {
  url: string;
  received: Received[];
  /** Resolves when the server has the first bytes of the current request body. */
  firstBytes: Promise<void>;
  /** How the server answers once it has read a request (default: 200, empty). */
  answer: (request: Received, response: ServerResponse) => void | Promise<void>;
  close(): Promise<void>;
}

async function startStreamServer(): Promise<StreamServer> {
  let first = deferred();
  const state: StreamServer = {
    url: '',
    received: [],
    firstBytes: first.promise,
    answer: (_request, response) => void response.writeHead(200, { 'content-length': '0' }).end(),
    close: async () => {},
  };
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) {
      if (chunks.length === 0) first.resolve();
      chunks.push(chunk as Buffer);
    }
    const request = { method: incoming.method!, path: incoming.url!, headers: incoming.headers, body: Buffer.concat(chunks) };
    state.received.push(request);
    first = deferred();
    state.firstBytes = first.promise;
    await state.answer(request, outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/**
 * A body of `first` then `rest`, produced only as it is read; `rest` comes
 * once `gate` resolves. highWaterMark 0: nothing is read ahead of the reader.
 */
function gatedStream(first: Uint8Array, gate: () => Promise<void>, rest: Uint8Array[]): ReadableStream<Uint8Array> {
  let step = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (step++ === 0) return controller.enqueue(first);
        await gate();
        for (const chunk of rest) controller.enqueue(chunk);
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);

const senders = [
  ['node:http sender', undefined],
  ['global fetch', (request: Request, init?: RequestInit) => fetch(request, init)],
] as const;

let service: StreamServer;
let obs: StreamServer;
beforeEach(async () => {
  service = await startStreamServer();
  obs = await startStreamServer();
});
afterEach(async () => {
  await service.close();
  await obs.close();
});

function client(credentials: Credentials, options: Partial<ClientOptions> = {}) {
  return createClientConfig('vod', servers, {
    endpoint: service.url,
    projectId: 'p1',
    credentials,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 50 },
    ...options,
  } as ClientOptions, akskSigner);
}

function signatureOf(request: Received) {
  const url = new URL(request.path, 'http://127.0.0.1');
  return checkSignature(
    { method: request.method, target: request.path, pathname: url.pathname, query: url.searchParams, headers: request.headers, body: request.body.toString('utf8') },
    (accessKey) => (accessKey === 'AK' ? SECRET : undefined),
  );
}

describe.each(senders)('request bodies through the %s', (_name, sender) => {
  it('sends a stream as it is read, signed with X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD', async () => {
    const config = client({ accessKey: 'AK', secretKey: SECRET }, { fetch: sender });
    const body = gatedStream(bytes(1024, 1), () => service.firstBytes, [bytes(3 * MiB, 2)]);
    const response = await config.fetch(new Request(`${service.url}/v1/p1/asset/upload`, { method: 'PUT' }), { body, duplex: 'half' });
    expect(response.status).toBe(200);
    const [received] = service.received;
    expect(received!.body.length).toBe(1024 + 3 * MiB);
    expect(received!.headers['x-sdk-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(signatureOf(received!)).toMatchObject({ ok: true });
    expect(signatureOf(received!).signedHeaders).toContain('x-sdk-content-sha256');
  });

  it('streams with a token too', async () => {
    const config = client({ token: 'T' }, { fetch: sender });
    const body = gatedStream(bytes(10, 1), () => service.firstBytes, [bytes(MiB, 2)]);
    await config.fetch(new Request(`${service.url}/v1/p1/asset/upload`, { method: 'PUT', body, duplex: 'half' } as RequestInit), { duplex: 'half' });
    expect(service.received[0]!.headers['x-auth-token']).toBe('T');
    expect(service.received[0]!.body.length).toBe(10 + MiB);
  });

  it('streams a Node Readable to another origin with the caller’s Content-Length and no credentials', async () => {
    const config = client({ accessKey: 'AK', secretKey: SECRET }, { fetch: sender });
    async function* parts() {
      yield Buffer.alloc(512, 1);
      await obs.firstBytes;
      yield Buffer.alloc(2 * MiB, 2);
    }
    const length = String(512 + 2 * MiB);
    for (const fetchVia of [config.fetch, createPlainFetch(config)]) {
      const response = await fetchVia(
        new Request(`${obs.url}/bucket/video.mp4?X-Obs-Signature=presigned`, { method: 'PUT', headers: { 'Content-Length': length } }),
        { body: Readable.from(parts()) as unknown as BodyInit, duplex: 'half' },
      );
      expect(response.status).toBe(200);
    }
    for (const received of obs.received) {
      expect(received.body.length).toBe(512 + 2 * MiB);
      expect(received.headers['content-length']).toBe(length);
      for (const name of ['authorization', 'x-auth-token', 'x-sdk-date', 'x-project-id', 'x-security-token', 'x-sdk-content-sha256']) {
        expect(received.headers[name]).toBeUndefined();
      }
    }
  });

  it('never retries a stream, which cannot be replayed; a replayable body is retried', async () => {
    service.answer = (_request, response) => void response.writeHead(503, { 'content-length': '4' }).end('busy');
    const config = client({ accessKey: 'AK', secretKey: SECRET }, { fetch: sender });
    const streamed = await config.fetch(new Request(`${service.url}/v1/p1/asset/upload`, { method: 'PUT' }), {
      body: gatedStream(bytes(8, 1), async () => {}, [bytes(8, 2)]),
      duplex: 'half',
    });
    expect(streamed.status).toBe(503);
    expect(service.received).toHaveLength(1);

    const buffered = await config.fetch(new Request(`${service.url}/v1/p1/asset/upload`, { method: 'PUT', body: bytes(16, 1) }));
    expect(buffered.status).toBe(503);
    expect(service.received).toHaveLength(4); // 1 + 3 attempts
  });

  it('fails a streamed call once, without retrying, when the connection is reset', async () => {
    service.answer = (_request, response) => void response.socket?.destroy();
    const config = client({ token: 'T' }, { fetch: sender });
    const failure = await config
      .fetch(new Request(`${service.url}/v1/p1/asset/upload`, { method: 'PUT' }), { body: gatedStream(bytes(8, 1), async () => {}, []), duplex: 'half' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RequestFailedError);
    expect((failure as RequestFailedError).attempts).toBe(1);
    expect(service.received).toHaveLength(1);
  });

  it('fails, rather than hangs, when the body stream itself fails', async () => {
    const config = client({ token: 'T' }, { fetch: sender });
    let step = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (step++ === 0) controller.enqueue(bytes(8, 1));
        else controller.error(new Error('disk read failed'));
      },
    });
    const failure = await config
      .fetch(new Request(`${service.url}/v1/p1/asset/upload`, { method: 'PUT' }), { body: failing, duplex: 'half' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RequestFailedError);
    expect((failure as RequestFailedError).attempts).toBe(1);
  });
});

describe.each(senders)('response bodies through the %s', (_name, sender) => {
  const total = 4 * MiB;
  const firstChunk = 64 * 1024;

  /** Sends the first 64 KiB, waits until the client has read bytes, then sends the rest. */
  function answerInTwoParts(framing: 'content-length' | 'chunked', clientReadSome: Promise<void>) {
    return async (_request: Received, response: ServerResponse) => {
      response.writeHead(200, framing === 'content-length' ? { 'content-length': String(total) } : {});
      response.write(Buffer.alloc(firstChunk, 7));
      await clientReadSome;
      response.end(Buffer.alloc(total - firstChunk, 7));
    };
  }

  async function readInTwoParts(body: ReadableStream<Uint8Array>, readSome: () => void): Promise<number> {
    const reader = body.getReader();
    let length = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return length;
      if (length === 0) readSome(); // only now may the server send the rest
      length += value.length;
    }
  }

  it.each(['content-length', 'chunked'] as const)('hands over a multi-megabyte %s body as a stream, readable before it has all arrived', async (framing) => {
    const readSome = deferred();
    service.answer = answerInTwoParts(framing, readSome.promise);
    const config = client({ token: 'T' }, { fetch: sender });
    const response = await config.fetch(new Request(`${service.url}/v1/p1/asset/download`));
    expect(await readInTwoParts(response.body!, readSome.resolve)).toBe(total);
  });

  it("streams through send with parseAs: 'stream'", async () => {
    const readSome = deferred();
    service.answer = answerInTwoParts('chunked', readSome.promise);
    const config = client({ token: 'T' }, { fetch: sender });
    const { data } = await send(config, { method: 'GET', path: '/v1/{project_id}/asset/download', pathParams: { project_id: 'p1' }, parseAs: 'stream' });
    expect(data).toBeInstanceOf(ReadableStream);
    expect(await readInTwoParts(data as ReadableStream<Uint8Array>, readSome.resolve)).toBe(total);
  });
});
