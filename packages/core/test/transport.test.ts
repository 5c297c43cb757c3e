// Retries, timeouts, aborts, clock skew and garbage responses against real
// local servers: a signature-verifying server whose answers the test scripts
// (connection resets, 503 bursts with Retry-After, slow and truncated
// responses, HTML, 429), driven through openapi-fetch like the generated clients.
import createClient from 'openapi-fetch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '@huaweicloud-openapi/scripts/testing/recording-server';
import { startVerifyingServer, type VerifyingServer } from '@huaweicloud-openapi/scripts/testing/verifying-server';
import {
  akskSigner,
  createClientConfig,
  normalizeError,
  RequestFailedError,
  ServiceError,
  type ClientOptions,
  type SigningClock,
} from '../src/index.js';

const SECRET = 'transport-secret';
const servers = [{ url: 'https://live.{region}.myhuaweicloud.com', regions: ['cn-north-4'] }];

interface Paths {
  '/v1/{project_id}/task': {
    delete: {
      parameters: { path: { project_id: string }; query?: { task_id?: string } };
      responses: { 200: { content: { 'application/json': { task_id: string } } }; default: { content: { 'application/json': unknown } } };
    };
    post: {
      parameters: { path: { project_id: string } };
      requestBody: { content: { 'application/json': { name: string } } };
      responses: { 200: { content: { 'application/json': unknown } } };
    };
  };
}

let server: VerifyingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Starts the verifying server answering attempt N with replies[N] (the last one repeats). */
async function scripted(replies: Reply[], clockOffsetMs = 0) {
  let attempt = 0;
  server = await startVerifyingServer({
    keys: { AK: SECRET },
    clockOffsetMs,
    respond: () => replies[Math.min(attempt++, replies.length - 1)]!,
  });
  return server;
}

// Every test runs twice: through the default Node sender (node:http) and
// through the platform fetch, the path browsers, Deno, Bun and workers take.
const senders = [
  ['node:http sender', undefined],
  ['global fetch', (request: Request, init?: RequestInit) => fetch(request, init)],
] as const;

let currentSender: ClientOptions['fetch'];

function api(options: Partial<ClientOptions> = {}) {
  const config = createClientConfig('live', servers, {
    endpoint: server!.url,
    projectId: 'p1',
    credentials: { accessKey: 'AK', secretKey: SECRET },
    retry: { baseDelayMs: 5, maxDelayMs: 2_000 },
    fetch: currentSender,
    ...options,
  } as ClientOptions, akskSigner);
  const client = createClient<Paths>({ baseUrl: config.baseUrl, fetch: config.fetch });
  return {
    remove: (signal?: AbortSignal) =>
      client.DELETE('/v1/{project_id}/task', { params: { path: { project_id: 'p1' }, query: { task_id: 't?&=1' } }, signal }),
    create: () => client.POST('/v1/{project_id}/task', { params: { path: { project_id: 'p1' } }, body: { name: 'x' } }),
  };
}

const ok: Reply = { status: 200, body: { task_id: 'done' } };

describe.each(senders)('through the %s', (_name, sender) => {
  beforeEach(() => {
    currentSender = sender;
  });

  describe('retries', () => {
    it('retries a DELETE after connection resets, every attempt validly signed', async () => {
      await scripted([{ status: 0, fault: 'reset' }, { status: 0, fault: 'reset' }, ok]);
      const { data } = await api().remove();
      expect(data).toEqual({ task_id: 'done' });
      expect(server!.checks).toHaveLength(3);
      expect(server!.checks.every((check) => check.ok)).toBe(true);
    });

    it('honours Retry-After on a 503 burst and re-signs each attempt with a fresh X-Sdk-Date', async () => {
      const busy: Reply = { status: 503, headers: { 'retry-after': '1' }, body: 'busy' };
      await scripted([busy, busy, ok]);
      const { data, response } = await api({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5_000 } }).remove();
      expect(response.status).toBe(200);
      expect(data).toEqual({ task_id: 'done' });
      const dates = server!.checks.map((check) => check.sdkDate!);
      expect(dates).toHaveLength(3);
      expect(server!.checks.every((check) => check.ok)).toBe(true);
      // One second of Retry-After between attempts: each signature carries a later date.
      expect(dates[0]! < dates[1]! && dates[1]! < dates[2]!).toBe(true);
    });

    it.each([429, 500, 502, 504])('retries a %i and returns the last answer when attempts run out', async (status) => {
      await scripted([{ status, body: { error_code: 'APIG.0308', error_msg: 'busy' } }]);
      const { error, response } = await api({ retry: { maxAttempts: 2, baseDelayMs: 1 } }).remove();
      expect(response.status).toBe(status);
      expect(error).toEqual({ error_code: 'APIG.0308', error_msg: 'busy' });
      expect(server!.requests).toHaveLength(2);
    });

    it.each([400, 401, 403, 404, 409])('never retries a %i', async (status) => {
      await scripted([{ status, body: { error_code: 'LIVE.100011001', error_msg: 'Request Illegal' } }]);
      const { response } = await api().remove();
      expect(response.status).toBe(status);
      expect(server!.requests).toHaveLength(1);
    });

    it('never retries a POST, even on 503 or a reset', async () => {
      await scripted([{ status: 503, body: 'busy' }]);
      expect((await api().create()).response.status).toBe(503);
      expect(server!.requests).toHaveLength(1);

      await server!.close();
      await scripted([{ status: 0, fault: 'reset' }]);
      await expect(api().create()).rejects.toThrow(RequestFailedError);
      expect(server!.requests).toHaveLength(1);
    });

    it('retries a throttled POST (429: not processed), each attempt validly signed with the same body', async () => {
      await scripted([{ status: 429, headers: { 'retry-after': '0' }, body: { error_code: 'APIG.0308', error_msg: 'throttled' } }, ok]);
      const { data, response } = await api().create();
      expect(response.status).toBe(200);
      expect(data).toEqual({ task_id: 'done' });
      expect(server!.requests).toHaveLength(2);
      expect(server!.checks.every((check) => check.ok)).toBe(true);
      expect(server!.requests.map((request) => JSON.parse(request.body))).toEqual([{ name: 'x' }, { name: 'x' }]);
    });

    it('retries a POST whose connection was refused (nothing was sent), up to maxAttempts', async () => {
      await scripted([ok]);
      const closed = server!.url;
      await server!.close();
      const config = createClientConfig('live', servers, {
        endpoint: closed,
        projectId: 'p1',
        credentials: { accessKey: 'AK', secretKey: SECRET },
        retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
        fetch: currentSender,
      } as ClientOptions, akskSigner);
      const error = await config.fetch(new Request(`${closed}/v1/p1/task`, { method: 'POST', body: '{}' })).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(RequestFailedError);
      expect((error as RequestFailedError).attempts).toBe(3);
      expect((error as Error).message).toContain('ECONNREFUSED');
      await scripted([ok]); // afterEach closes a server
    });

    it('does not wait for a Retry-After longer than maxDelayMs; it returns the answer', async () => {
      await scripted([{ status: 503, headers: { 'retry-after': '3600' }, body: '' }]);
      const { response } = await api().remove();
      expect(response.status).toBe(503);
      expect(server!.requests).toHaveLength(1);
    });
  });

  describe('timeouts, deadline and abort', () => {
    it('gives up on slow answers after the per-attempt timeout, retrying first', async () => {
      await scripted([{ ...ok, delayMs: 5_000 }]);
      const failure = await api({ timeoutMs: 150, retry: { maxAttempts: 2, baseDelayMs: 1 } })
        .remove()
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RequestFailedError);
      expect((failure as RequestFailedError).attempts).toBe(2);
      expect((failure as Error).message).toMatch(/^DELETE http:\/\/127\.0\.0\.1:\d+\/v1\/p1\/task\?… failed after 2 attempts: no response within 150 ms$/);
      expect(server!.requests).toHaveLength(2);
    });

    it('stops at the overall deadline', async () => {
      await scripted([{ status: 0, fault: 'reset' }]);
      const failure = await api({ deadlineMs: 300, retry: { maxAttempts: 20, baseDelayMs: 100, maxDelayMs: 100 } })
        .remove()
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RequestFailedError);
      expect(server!.requests.length).toBeLessThan(20);
    });

    it("stops everything at once when the caller's signal aborts during backoff", async () => {
      await scripted([{ status: 503, headers: { 'retry-after': '10' }, body: '' }]);
      const controller = new AbortController();
      const call = api({ retry: { maxAttempts: 3, maxDelayMs: 20_000 } }).remove(controller.signal);
      while (server!.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort(new Error('user navigated away'));
      await expect(call).rejects.toThrow('user navigated away');
      expect(server!.requests).toHaveLength(1);
    });

    it('names method, URL without query, attempts and cause when the network fails for good', async () => {
      await scripted([{ status: 0, fault: 'reset' }]);
      const failure = (await api({ retry: { maxAttempts: 3, baseDelayMs: 1 } }).remove().catch((error: unknown) => error)) as RequestFailedError;
      expect(failure).toBeInstanceOf(RequestFailedError);
      expect(failure.method).toBe('DELETE');
      expect(failure.url).toBe(`${server!.url}/v1/p1/task?…`);
      expect(failure.attempts).toBe(3);
      expect(failure.cause).toBeDefined();
      expect(failure.message).not.toContain('task_id');
    });
  });

  describe('clock skew', () => {
    it('corrects the clock from the 401 APIG.0303 Date header, retries once, and keeps the correction', async () => {
      await scripted([ok], 60 * 60 * 1000); // the gateway's clock runs an hour ahead
      const client = api();
      const first = await client.remove();
      expect(first.response.status).toBe(200);
      expect(server!.requests).toHaveLength(2);
      const second = await client.remove();
      expect(second.response.status).toBe(200);
      expect(server!.requests).toHaveLength(3); // no second correction needed
    });

    it('re-signs every call that was in flight when the clock was corrected', async () => {
      await scripted([ok], 60 * 60 * 1000);
      const client = api();
      const answers = await Promise.all([client.remove(), client.remove(), client.remove()]);
      expect(answers.map((answer) => answer.response.status)).toEqual([200, 200, 200]);
      expect(server!.requests).toHaveLength(6); // each refused once, then accepted
      await client.remove();
      expect(server!.requests).toHaveLength(7);
    });

    it('works with a signer whose clock is a class instance (methods called on their clock)', async () => {
      class OffsetClock implements SigningClock {
        #offsetMs = 0;
        now() {
          return new Date(Date.now() + this.#offsetMs);
        }
        async resync(response: Response, request: Request) {
          const corrected = await inner.resync(response, request);
          if (corrected) this.#offsetMs = inner.now().getTime() - Date.now();
          return corrected;
        }
      }
      const inner = akskSigner.clock!();
      await scripted([ok], 60 * 60 * 1000);
      const config = createClientConfig('live', servers, { endpoint: server!.url, projectId: 'p1', credentials: { accessKey: 'AK', secretKey: SECRET }, fetch: currentSender, signer: { ...akskSigner, clock: () => new OffsetClock() } } as ClientOptions);
      const response = await config.fetch(new Request(`${server!.url}/v1/p1/task?task_id=1`, { method: 'DELETE' }));
      expect(response.status).toBe(200);
      expect(server!.requests).toHaveLength(2);
    });

    it('refuses a signer whose clock is not a function, naming the option', () => {
      expect(() => createClientConfig('live', servers, { endpoint: 'https://live.example.com', projectId: 'p1', credentials: { token: 't' }, signer: { ...akskSigner, clock: 5 } } as unknown as ClientOptions)).toThrow(
        'options.signer must be akskSigner',
      );
    });

    it('does not loop when the clock is right but the signature is wrong', async () => {
      await scripted([ok]);
      const { response, error } = await api({ credentials: { accessKey: 'AK', secretKey: 'wrong' } }).remove();
      expect(response.status).toBe(401);
      expect((error as { error_code: string }).error_code).toBe('APIG.0301');
      expect(server!.requests).toHaveLength(1);
    });
  });

  describe('garbage responses', () => {
    it('turns an HTML 502 into a ServiceError with status and request id, without a parse exception', async () => {
      await scripted([{ status: 502, headers: { 'content-type': 'text/html', 'x-request-id': 'rid-502' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }]);
      const result = await api({ retry: false }).remove();
      const failure = normalizeError(result);
      expect(failure).toBeInstanceOf(ServiceError);
      expect(failure).toMatchObject({ status: 502, requestId: 'rid-502', code: undefined });
      expect(failure!.message).toBe('HTTP 502 Bad Gateway 502 Bad Gateway (request id rid-502)');
    });

    it('turns an empty 503 into a ServiceError with the status', async () => {
      await scripted([{ status: 503, headers: { 'x-request-id': 'rid-503' } }]);
      const result = await api({ retry: false }).remove();
      expect([undefined, '']).toContain(result.error);
      expect(normalizeError(result)).toMatchObject({ status: 503, requestId: 'rid-503', message: 'HTTP 503 Service Unavailable (request id rid-503)' });
    });

    it('reads both error body forms: error_code/error_msg and DIS errorCode/message', async () => {
      await scripted([{ status: 404, body: { errorCode: 'DIS.4301', message: 'Stream does not exist.' } }]);
      expect(normalizeError(await api().remove())).toMatchObject({ code: 'DIS.4301', message: 'HTTP 404 Not Found DIS.4301 Stream does not exist.' });
      await server!.close();
      await scripted([{ status: 400, body: { error_code: 'LIVE.100011001', error_msg: 'Request Illegal', request_id: 'body-rid' } }]);
      expect(normalizeError(await api().remove())).toMatchObject({ code: 'LIVE.100011001', requestId: 'body-rid' });
    });

    it('rejects a truncated body instead of hanging', async () => {
      await scripted([{ ...ok, fault: 'truncate' }]);
      await expect(api().remove()).rejects.toThrow();
    });

    it('returns nothing for a successful response', async () => {
      await scripted([ok]);
      expect(normalizeError(await api().remove())).toBeUndefined();
    });
  });
});
