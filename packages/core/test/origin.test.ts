// Credentials go to the client's own origin only. Two real servers on
// 127.0.0.1: the service (at the client's endpoint; AK/SK signatures checked
// with the official signer's primitives) and "OBS" (another port, so another
// origin). The same client fetch, and the plain fetch made from it, call both.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordedRequest, type RecordingServer } from '@huaweicloud-openapi/scripts/testing/recording-server';
import { checkSignature } from '@huaweicloud-openapi/scripts/testing/verifying-server';
import {
  akskSigner,
  createClientConfig,
  createPlainFetch,
  RequestFailedError,
  type ClientOptions,
  type Credentials,
} from '../src/index.js';

const SECRET = 'SK-SENTINEL-origin-3f9a';
const TOKEN = 'TOKEN-SENTINEL-origin-81c2';
const SECURITY_TOKEN = 'STS-SENTINEL-origin-5d0e';
const servers = [{ url: 'https://live.{region}.myhuaweicloud.com', regions: ['cn-north-4'] }];
const CREDENTIAL_HEADERS = ['authorization', 'x-auth-token', 'x-sdk-date', 'x-project-id', 'x-security-token'];

const kinds: Array<[string, Credentials]> = [
  ['a token', { token: TOKEN }],
  ['AK/SK with a security token', { accessKey: 'AK', secretKey: SECRET, securityToken: SECURITY_TOKEN }],
];

const senders = [
  ['node:http sender', undefined],
  ['global fetch', (request: Request, init?: RequestInit) => fetch(request, init)],
] as const;

let service: RecordingServer;
let obs: RecordingServer;
beforeEach(async () => {
  service = await startRecordingServer();
  obs = await startRecordingServer();
});
afterEach(async () => {
  await service.close();
  await obs.close();
});

function client(credentials: Credentials, options: Partial<ClientOptions> = {}) {
  return createClientConfig('live', servers, {
    endpoint: service.url,
    projectId: 'p1',
    credentials,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 50 },
    ...options,
  } as ClientOptions, akskSigner);
}

function credentialHeaders(request: RecordedRequest): Record<string, unknown> {
  return Object.fromEntries(CREDENTIAL_HEADERS.filter((name) => name in request.headers).map((name) => [name, request.headers[name]]));
}

/** Carries the token, or a valid signature with the project and security token signed. */
function authenticated(request: RecordedRequest, credentials: Credentials): boolean {
  if ('token' in credentials) return request.headers['x-auth-token'] === TOKEN;
  const check = checkSignature(request, (accessKey) => (accessKey === 'AK' ? SECRET : undefined));
  return check.ok && request.headers['x-security-token'] === SECURITY_TOKEN && request.headers['x-project-id'] === 'p1';
}

describe.each(senders)('through the %s', (_name, sender) => {
  describe.each(kinds)('with %s', (_kind, credentials) => {
    it('authenticates requests to its own origin, every retry included', async () => {
      let calls = 0;
      service.respond(() => (calls++ < 2 ? { status: 503, body: 'busy' } : { status: 200, body: { ok: true } }));
      const config = client(credentials, { fetch: sender });
      const response = await config.fetch(new Request(`${service.url}/v1/p1/things`, { method: 'PUT', body: '{}' }));
      expect(response.status).toBe(200);
      expect(service.requests).toHaveLength(3);
      expect(service.requests.every((request) => authenticated(request, credentials))).toBe(true);
    });

    it('sends requests to another origin with no credential header, every retry included', async () => {
      let calls = 0;
      obs.respond(() => (calls++ < 2 ? { status: 503, body: 'busy' } : { status: 200, body: '<ok/>' }));
      const config = client(credentials, { fetch: sender });
      const response = await config.fetch(new Request(`${obs.url}/bucket/object?X-Obs-Signature=presigned`, { method: 'PUT', body: 'bytes' }));
      expect(response.status).toBe(200);
      expect(obs.requests).toHaveLength(3); // the same retry policy applies
      for (const request of obs.requests) {
        expect(credentialHeaders(request)).toEqual({});
        expect(request.body).toBe('bytes');
      }
      expect(JSON.stringify(obs.requests)).not.toMatch(/SENTINEL/);
    });

    it('removes credential headers a caller put on a request to another origin', async () => {
      const config = client(credentials, { fetch: sender });
      // As if copied from a signed request: none of it may reach another host through the client.
      const copied = { Authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=00', 'X-Auth-Token': TOKEN, 'X-Sdk-Date': '20260101T000000Z', 'X-Project-Id': 'p1', 'X-Security-Token': SECURITY_TOKEN, 'X-Trace': 'kept' };
      await config.fetch(new Request(`${obs.url}/bucket/object`, { headers: copied }));
      expect(credentialHeaders(obs.requests[0]!)).toEqual({});
      expect(obs.requests[0]!.headers['x-trace']).toBe('kept');
    });

    it('authorizes one origin exactly: the same host on another port is another origin', async () => {
      // obs.url and service.url differ only in their port.
      expect(new URL(obs.url).hostname).toBe(new URL(service.url).hostname);
      const config = client(credentials, { fetch: sender });
      await config.fetch(new Request(`${service.url}/v1/p1/things`));
      await config.fetch(new Request(`${obs.url}/v1/p1/things`));
      expect(authenticated(service.requests[0]!, credentials)).toBe(true);
      expect(credentialHeaders(obs.requests[0]!)).toEqual({});
    });

    describe('createPlainFetch', () => {
      it('never authorizes, not even on the client’s own origin, and sends headers as given', async () => {
        const config = client(credentials, { fetch: sender });
        const plain = createPlainFetch(config);
        await plain(new Request(`${service.url}/v1/p1/things`, { headers: { 'X-Trace': 't' } }));
        expect(credentialHeaders(service.requests[0]!)).toEqual({});
        expect(service.requests[0]!.headers['x-trace']).toBe('t');

        // An OBS-style Authorization the caller computed itself goes out untouched.
        await plain(new Request(`${obs.url}/bucket/object`, { headers: { Authorization: 'OBS ak:caller-signature' } }));
        expect(obs.requests[0]!.headers.authorization).toBe('OBS ak:caller-signature');
      });

      it('shares the client’s retry policy', async () => {
        let calls = 0;
        obs.respond(() => (calls++ < 1 ? { status: 0, fault: 'reset' } : { status: 200, body: '' }));
        const plain = createPlainFetch(client(credentials, { fetch: sender, retry: { maxAttempts: 2, baseDelayMs: 1 } }));
        expect((await plain(new Request(`${obs.url}/bucket/object`, { method: 'DELETE' }))).status).toBe(200);
        expect(obs.requests).toHaveLength(2);

        obs.respond(() => ({ status: 503, body: 'busy' }));
        const once = createPlainFetch(client(credentials, { fetch: sender, retry: false }));
        expect((await once(new Request(`${obs.url}/bucket/object`))).status).toBe(503);
        expect(obs.requests).toHaveLength(3);
      });

      it('never retries a POST, as the client does not', async () => {
        obs.respond(() => ({ status: 503, body: 'busy' }));
        const plain = createPlainFetch(client(credentials, { fetch: sender }));
        expect((await plain(new Request(`${obs.url}/bucket?uploads`, { method: 'POST' }))).status).toBe(503);
        expect(obs.requests).toHaveLength(1);
      });
    });
  });
});

/** A server that accepts requests and never answers them, until closed. */
async function silentServer(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server: Server = createServer(() => {
    received += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.each(senders)('createPlainFetch through the %s', (_name, sender) => {
  it('shares the attempt timeout: a silent host fails after each attempt’s limit, retried first', async () => {
    const silent = await silentServer();
    try {
      const plain = createPlainFetch(client({ token: TOKEN }, { fetch: sender, timeoutMs: 200, retry: { maxAttempts: 2, baseDelayMs: 1 } }));
      const failure = await plain(new Request(`${silent.url}/bucket/object?X-Obs-Signature=SIGNATURE-SENTINEL`)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RequestFailedError);
      expect((failure as RequestFailedError).message).toMatch(/failed after 2 attempts: no response within 200 ms$/);
      expect(silent.received()).toBe(2);
      // A presigned URL's query is a credential too: no error rendering shows it.
      for (const rendering of [String(failure), inspect(failure), JSON.stringify(failure), (failure as RequestFailedError).url]) {
        expect(rendering).not.toContain('SENTINEL');
      }
    } finally {
      await silent.close();
    }
  });

  it('shares the deadline', async () => {
    const silent = await silentServer();
    try {
      const plain = createPlainFetch(client({ token: TOKEN }, { fetch: sender, timeoutMs: 100, deadlineMs: 250, retry: { maxAttempts: 20, baseDelayMs: 1, maxDelayMs: 1 } }));
      const failure = await plain(new Request(`${silent.url}/bucket/object`)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RequestFailedError);
      expect(silent.received()).toBeLessThan(20);
    } finally {
      await silent.close();
    }
  });

  it('stops at once when the caller’s signal aborts', async () => {
    const silent = await silentServer();
    try {
      const plain = createPlainFetch(client({ token: TOKEN }, { fetch: sender, timeoutMs: Infinity }));
      const controller = new AbortController();
      const call = plain(new Request(`${silent.url}/bucket/object`), { signal: controller.signal });
      while (silent.received() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort(new Error('upload cancelled'));
      await expect(call).rejects.toThrow('upload cancelled');
      expect(silent.received()).toBe(1);
    } finally {
      await silent.close();
    }
  });

  it('cannot skew the client’s clock: a foreign 401 APIG.0303 is returned, not used to correct the clock', async () => {
    const config = client({ accessKey: 'AK', secretKey: SECRET }, { fetch: sender });
    const anHourAhead = new Date(Date.now() + 60 * 60 * 1000).toUTCString();
    obs.respond(() => ({ status: 401, headers: { date: anHourAhead }, body: { error_code: 'APIG.0303', error_msg: 'expired' } }));
    expect((await createPlainFetch(config)(new Request(`${obs.url}/x`))).status).toBe(401);
    expect((await config.fetch(new Request(`${obs.url}/x`))).status).toBe(401);
    expect(obs.requests).toHaveLength(2); // neither was retried after a "correction"
    // The client's own signatures still carry the right time.
    await config.fetch(new Request(`${service.url}/v1/p1/things`));
    expect(checkSignature(service.requests[0]!, () => SECRET)).toMatchObject({ ok: true });
  });
});
