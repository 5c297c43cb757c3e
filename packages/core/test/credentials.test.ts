import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startVerifyingServer, type VerifyingServer } from '@huaweicloud-openapi/scripts/testing/verifying-server';
import { akskSigner, createClientConfig, fromEnv, InvalidInputError, redactedAccessKeys, type Credentials } from '../src/index.js';

const SECRET = 'SK-SENTINEL-5c1e-never-print-me';
const TOKEN_SECRET = 'TOKEN-SENTINEL-77aa';
const servers = [{ url: 'https://live.{region}.myhuaweicloud.com', regions: ['cn-north-4'] }];

let server: VerifyingServer;
beforeEach(async () => {
  server = await startVerifyingServer({ keys: { AK1: SECRET, AK2: 'second-secret' } });
});
afterEach(() => server.close());

function client(credentials: Credentials) {
  return createClientConfig('live', servers, { endpoint: server.url, projectId: 'p1', credentials, retry: false }, akskSigner);
}

function send(config: ReturnType<typeof client>, path = '/v1/p1/pull/stream/task?task_id=t') {
  return config.fetch(new Request(`${config.baseUrl}${path}`, { method: 'DELETE' }));
}

describe('AK/SK credentials', () => {
  it('sign each request so the verifying server accepts it, with X-Project-Id signed', async () => {
    const response = await send(client({ accessKey: 'AK1', secretKey: SECRET }));
    expect(response.status).toBe(204);
    expect(server.checks[0]).toMatchObject({ ok: true, accessKey: 'AK1' });
    expect(server.checks[0]!.signedHeaders).toEqual(['host', 'x-project-id', 'x-sdk-date']);
    expect(server.requests[0]!.headers['x-project-id']).toBe('p1');
    expect(server.requests[0]!.headers['x-auth-token']).toBeUndefined();
  });

  it('send and sign X-Security-Token for temporary credentials', async () => {
    await send(client({ accessKey: 'AK1', secretKey: SECRET, securityToken: 'temp-token' }));
    expect(server.requests[0]!.headers['x-security-token']).toBe('temp-token');
    expect(server.checks[0]!.signedHeaders).toContain('x-security-token');
    expect(server.checks[0]!.ok).toBe(true);
  });

  it('are refused by the server when the secret is wrong', async () => {
    const response = await send(client({ accessKey: 'AK1', secretKey: 'wrong' }));
    expect(response.status).toBe(401);
    expect(server.checks[0]).toMatchObject({ ok: false, reason: 'signature mismatch' });
  });
});

describe('one kind of credentials', () => {
  it('refuses a token beside an access key pair, naming neither value, instead of silently using one', async () => {
    const mixed = { token: TOKEN_SECRET, accessKey: 'AK1', secretKey: SECRET } as never;
    expect(() => client(mixed)).toThrow(/options\.credentials has both a token and an access key pair; give one kind/);
    try {
      client(mixed);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(SECRET);
      expect(String((error as Error).message)).not.toContain(TOKEN_SECRET);
    }
    // A provider that returns the mix fails its request the same way.
    const config = client(() => mixed);
    await expect(send(config)).rejects.toThrow(/both a token and an access key pair/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('a credentials provider', () => {
  it('is called for every request, so rotated keys take effect at once', async () => {
    const rotation = [
      { accessKey: 'AK1', secretKey: SECRET },
      { accessKey: 'AK2', secretKey: 'second-secret' },
    ];
    let calls = 0;
    const config = client(() => rotation[Math.min(calls++, 1)]!);
    await send(config);
    await send(config);
    expect(calls).toBe(2);
    expect(server.checks.map((check) => [check.ok, check.accessKey])).toEqual([
      [true, 'AK1'],
      [true, 'AK2'],
    ]);
  });

  it('may be async and may return a token', async () => {
    const config = client(async () => ({ token: TOKEN_SECRET }));
    await send(config);
    expect(server.requests[0]!.headers['x-auth-token']).toBe(TOKEN_SECRET);
  });

  it('fails the call with a clear error when it returns something unusable, before sending', async () => {
    const config = client(() => ({ accessKey: 'AK1' }) as never);
    await expect(send(config)).rejects.toThrow('the credentials provider result.secretKey must be a non-empty string (the SK).');
    expect(server.requests).toHaveLength(0);
  });
});

describe('credentials that cannot travel in a header', () => {
  const broken: Array<[string, Credentials, string]> = [
    ['a token with a trailing newline', { token: `${TOKEN_SECRET}\n` }, 'options.credentials.token'],
    ['an access key with a carriage return', { accessKey: 'AK1\r', secretKey: SECRET }, 'options.credentials.accessKey'],
    ['a security token with a NUL', { accessKey: 'AK1', secretKey: SECRET, securityToken: `${TOKEN_SECRET}\0x` }, 'options.credentials.securityToken'],
  ];

  it.each(broken)('refuses %s at client creation, naming the field and never the value', (_, credentials, field) => {
    let error: unknown;
    try {
      client(credentials);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).input).toBe(field);
    const shown = `${String(error)} ${(error as Error).stack ?? ''} ${inspect(error)}`;
    expect(shown).not.toContain(TOKEN_SECRET);
    expect(shown).not.toContain(SECRET);
  });

  it("wraps a provider's failure without copying its message, which may hold a secret", async () => {
    const config = client(() => {
      throw new Error(`vault answered ${SECRET}`);
    });
    const error = await send(config).then(() => undefined, (reason: unknown) => reason);
    expect(error).toMatchObject({ name: 'InvalidInputError', input: 'options.credentials' });
    expect(`${String(error)} ${(error as Error).stack ?? ''}`).not.toContain(SECRET);
    expect(((error as Error).cause as Error).message).toContain('vault answered');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a provider result with a line break per request, before sending', async () => {
    const config = client(async () => ({ token: `${TOKEN_SECRET}\r\n` }));
    await expect(send(config)).rejects.toThrow('the credentials provider result.token contains a line break or NUL character');
    expect(server.requests).toHaveLength(0);
  });
});

describe('the AK/SK signer is an import', () => {
  const bare = (credentials: Credentials, signer?: unknown) =>
    createClientConfig('live', servers, { endpoint: server.url, projectId: 'p1', credentials, retry: false, ...(signer === undefined ? {} : { signer: signer as never }) });

  it('a client without a signer (a bare client) authenticates with a token', async () => {
    await send(bare({ token: TOKEN_SECRET }));
    expect(server.requests[0]!.headers['x-auth-token']).toBe(TOKEN_SECRET);
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('a client without a signer refuses an access key pair at creation, naming the fix and never the secret', () => {
    let caught: unknown;
    try {
      bare({ accessKey: 'AK1', secretKey: SECRET });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    expect(caught).toMatchObject({ input: 'options.credentials' });
    expect((caught as Error).message).toMatch(/needs the AK\/SK signer.*signer: akskSigner/);
    expect((caught as Error).message).not.toContain(SECRET);
    expect(server.requests).toHaveLength(0);
  });

  it('a provider that returns an access key pair to a client without a signer fails the call before sending', async () => {
    const error = await send(bare(() => ({ accessKey: 'AK1', secretKey: SECRET }))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/^the credentials provider result is an access key pair, which needs the AK\/SK signer/);
    expect(server.requests).toHaveLength(0);
  });

  it('options.signer signs an access key pair', async () => {
    const response = await send(bare({ accessKey: 'AK1', secretKey: SECRET }, akskSigner));
    expect(response.status).toBe(204);
    expect(server.checks[0]).toMatchObject({ ok: true, accessKey: 'AK1' });
  });

  it('options.signer that is not a signer is refused', () => {
    expect(() => bare({ token: 't' }, { sign: 'yes' })).toThrow(new InvalidInputError('options.signer', 'options.signer must be akskSigner (exported by every package), or left out.'));
  });

  it('fromEnv() brings the signer, so a bare client takes it as the full one does', async () => {
    const loaded = fromEnv({ HUAWEICLOUD_SDK_AK: 'AK1', HUAWEICLOUD_SDK_SK: SECRET, HUAWEICLOUD_SDK_PROJECT_ID: 'p1' });
    expect(loaded.signer).toBe(akskSigner);
    const config = createClientConfig('live', servers, { endpoint: server.url, ...loaded });
    expect((await send(config)).status).toBe(204);
    expect(server.checks[0]).toMatchObject({ ok: true, accessKey: 'AK1' });
  });
});

describe('fromEnv', () => {
  const env = {
    HUAWEICLOUD_SDK_AK: 'AK1',
    HUAWEICLOUD_SDK_SK: SECRET,
    HUAWEICLOUD_SDK_PROJECT_ID: 'p1',
    HUAWEICLOUD_SDK_SECURITY_TOKEN: 'sts-token',
  };

  it("reads the official SDK's variables and works as client options", async () => {
    const loaded = fromEnv(env);
    expect(loaded.projectId).toBe('p1');
    expect(loaded.credentials.accessKey).toBe('AK1');
    const config = createClientConfig('live', servers, { endpoint: server.url, ...loaded }, akskSigner);
    await send(config);
    expect(server.checks[0]).toMatchObject({ ok: true, accessKey: 'AK1' });
    expect(server.requests[0]!.headers['x-security-token']).toBe('sts-token');
  });

  it('names the missing variables', () => {
    expect(() => fromEnv({ HUAWEICLOUD_SDK_SK: SECRET })).toThrow(
      'fromEnv(): set HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_PROJECT_ID (the access key pair from "My Credentials > Access Keys" and the project ID).',
    );
  });
});

describe('secrets never leak', () => {
  const logged: string[] = [];
  beforeEach(() => {
    logged.length = 0;
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
  });
  afterEach(() => vi.restoreAllMocks());

  function renderings(value: unknown): string[] {
    return [String(value), JSON.stringify(value) ?? '', inspect(value, { depth: 10 }), `${(value as Error)?.stack ?? ''}`];
  }

  it('redacted access keys hide the secret and the security token from every rendering', () => {
    const keys = redactedAccessKeys({ accessKey: 'AK1', secretKey: SECRET, securityToken: TOKEN_SECRET });
    expect(keys.secretKey).toBe(SECRET);
    for (const text of [...renderings(keys), `${keys}`, inspect({ nested: keys })]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN_SECRET);
    }
    expect(JSON.stringify(keys)).toContain('AK1');
  });

  it('errors about bad credentials, options and responses never contain them', async () => {
    const failures: unknown[] = [];
    const attempt = async (run: () => unknown) => {
      try {
        await run();
      } catch (error) {
        failures.push(error);
      }
    };
    await attempt(() => client({ accessKey: '', secretKey: SECRET }));
    await attempt(() => client({ token: '   ' }));
    await attempt(() => createClientConfig('live', servers, { region: 'xx' as never, projectId: 'p', credentials: { accessKey: 'AK1', secretKey: SECRET } }, akskSigner));
    await attempt(() => createClientConfig('live', servers, { endpoint: 'not a url', projectId: 'p', credentials: { token: TOKEN_SECRET } }));
    await attempt(() => send(client(() => ({ accessKey: 'AK1', secretKey: SECRET, securityToken: 5 }) as never)));
    await attempt(() => send(client(() => { throw new Error('vault unavailable'); })));
    const closed = createClientConfig('live', servers, { endpoint: 'http://127.0.0.1:9', projectId: 'p', credentials: { accessKey: 'AK1', secretKey: SECRET }, retry: false }, akskSigner);
    await attempt(() => closed.fetch(new Request('http://127.0.0.1:9/v1/p/x?token=abc', { method: 'DELETE' })));
    expect(failures).toHaveLength(7);
    for (const failure of failures) {
      for (const text of renderings(failure)) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain(TOKEN_SECRET);
      }
    }
    expect(failures.slice(0, 6).every((failure) => failure instanceof InvalidInputError)).toBe(true);
    expect(logged).toEqual([]);
  });
});
