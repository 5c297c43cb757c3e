import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { akskSigner, createClientConfig, InvalidInputError, type ClientOptions, type ServerEntry } from '../src/index.js';

const servers: ServerEntry[] = [{ url: 'https://live.{region}.myhuaweicloud.com', regions: ['cn-north-4'] }];
const SECRET = 'SENTINEL-TOKEN-do-not-leak-9b1f';

function failure(options: unknown): InvalidInputError {
  try {
    createClientConfig('live', servers, options as ClientOptions, akskSigner);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected createClientConfig to throw');
}

describe('createClientConfig', () => {
  it('resolves the base URL and keeps the project ID', () => {
    const config = createClientConfig('live', servers, { region: 'cn-north-4', projectId: 'p1', credentials: { token: SECRET } });
    expect(config.baseUrl).toBe('https://live.cn-north-4.myhuaweicloud.com');
    expect(config.projectId).toBe('p1');
  });

  it('sets X-Auth-Token on every request and sends it through the given fetch', async () => {
    const seen: Request[] = [];
    const config = createClientConfig('live', servers, {
      endpoint: 'http://127.0.0.1:9',
      projectId: 'p1',
      credentials: { token: SECRET },
      fetch: async (request) => {
        seen.push(request);
        return new Response(null, { status: 204 });
      },
    }, akskSigner);
    const response = await config.fetch(new Request('http://127.0.0.1:9/v1/p1/x', { method: 'DELETE', headers: { 'X-Auth-Token': 'caller' } }));
    expect(response.status).toBe(204);
    expect(seen[0]!.headers.get('x-auth-token')).toBe(SECRET);
  });

  it.each([
    [{ region: 'cn-north-4', credentials: { token: SECRET } }, 'options.projectId'],
    [{ region: 'cn-north-4', projectId: ' ', credentials: { token: SECRET } }, 'options.projectId'],
    [{ region: 'cn-north-4', projectId: 'p' }, 'options.credentials'],
    [{ region: 'cn-north-4', projectId: 'p', credentials: { token: '' } }, 'options.credentials.token'],
    [{ region: 'cn-north-4', projectId: 'p', credentials: { secret: SECRET } }, 'options.credentials'],
    [{ region: 'xx-1', projectId: 'p', credentials: { token: SECRET } }, 'options.region'],
    [undefined, 'options'],
  ])('names the bad option (%j → %s) and never echoes a secret', (options, input) => {
    const error = failure(options);
    expect(error.input).toBe(input);
    for (const rendering of [error.message, String(error), inspect(error), JSON.stringify(error), String(error.stack)]) {
      expect(rendering).not.toContain(SECRET);
    }
  });

  it('keeps the token out of the config object', () => {
    const config = createClientConfig('live', servers, { region: 'cn-north-4', projectId: 'p1', credentials: { token: SECRET } });
    expect(inspect(config, { depth: 10, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify(config)).not.toContain(SECRET);
  });
});

describe('the project ID', () => {
  it.each(['..', '.', 'a/b', 'p?x', 'p 1'])('refuses %j: it fills a segment of every request path', (projectId) => {
    expect(() => createClientConfig('live', [{ url: 'https://live.{region}.example.com', regions: ['cn-north-4'] }], { region: 'cn-north-4', projectId, credentials: { token: 't' } })).toThrow(
      /options.projectId must be a project ID/,
    );
  });
});

