// The spec-driven tests every service package runs over all of its callables,
// against real servers on 127.0.0.1:
// - wire: the documented example call sends exactly the documented method,
//   path, query, Content-Type and JSON body; each documented status lands in
//   `data` or `error` with its example body;
// - bad input: for each way the spec lets a body or a parameter be wrong, the
//   returned promise rejects with an InvalidInputError naming the place, and
//   nothing is sent;
// - property: random valid inputs generated from the schemas are accepted by a
//   server that validates them against the spec with Ajv; random single
//   mutations of them are refused before sending;
// - signing: calls with a body pass a server that verifies AK/SK signatures.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationParameter } from '../generate/operations.ts';
import type { OpenApiDocument } from '../spec.ts';
import { arbitraryFor, bodyMutations } from './schema-arbitrary.ts';
import { documentedStatuses, exampleCall, listCallables, secretPlaces, successStatus, withinTimeWindow, type Callable } from './operation-cases.ts';
import { startRecordingServer, type RecordingServer } from './recording-server.ts';
import { startValidatingServer, type ValidatingServer } from './validating-server.ts';
import { startVerifyingServer, type VerifyingServer } from './verifying-server.ts';

type Method = (params?: unknown, init?: unknown) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
type AnyClient = Record<string, unknown>;
export type CreateClient = (options: { endpoint: string; projectId: string; credentials: unknown; retry?: false; fetch?: (request: Request) => Promise<Response> }) => AnyClient;

export const PROJECT_ID = '0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6';
const TOKEN = 'token-sentinel-7f3a';
const SEED = 20261124;

function methodOf(client: AnyClient, callable: Callable): Method {
  const method = client[callable.method];
  if (typeof method !== 'function') throw new Error(`The client has no method ${callable.method}.`);
  return method as Method;
}

/** Valid parameters (and body) for a callable, generated from its schemas. */
function paramsArbitrary(document: OpenApiDocument, callable: Callable): fc.Arbitrary<Record<string, unknown>> {
  const { operation } = callable;
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  // Values the wire cannot carry as they are: a path value that is empty, a slash or a dot
  // segment; a comma inside a joined list; header text that HTTP would trim or refuse.
  const wireSafe = (parameter: OperationParameter) => (value: unknown): boolean => {
    const items = Array.isArray(value) ? value : [value];
    return items.every((item) => {
      const text = String(item);
      if (parameter.in === 'path') return text !== '' && !text.includes('/') && text !== '.' && text !== '..';
      if (parameter.in === 'header') return /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(text) && !(Array.isArray(value) && text.includes(','));
      return !(Array.isArray(value) && !parameter.explode && text.includes(','));
    });
  };
  for (const parameter of operation.parameters) {
    let arbitrary = arbitraryFor(document, parameter.schema).filter(wireSafe(parameter));
    if (parameter.required) arbitrary = arbitrary.filter((value) => value !== '');
    record[parameter.name] = arbitrary;
    if (parameter.required) required.push(parameter.name);
  }
  if (operation.body) {
    const fixed = Object.keys(callable.fixed);
    record.body = arbitraryFor(document, operation.body.schema).map((body) => {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
      const copy = { ...(body as Record<string, unknown>) };
      for (const name of fixed) delete copy[name];
      return copy;
    });
    if (operation.body.required) required.push('body');
  }
  return fc.record(record, { requiredKeys: required }).map((params) => withinTimeWindow(operation, params));
}

/** Registers the spec-driven wire, bad-input, property and signing tests of a service. */
export function describeOperations(service: string, document: OpenApiDocument, create: CreateClient): void {
  const callables = listCallables(document);

  describe(`${service}: every callable against a recording server`, () => {
    let server: RecordingServer;
    let client: AnyClient;
    beforeAll(async () => {
      server = await startRecordingServer();
      client = create({ endpoint: server.url, projectId: PROJECT_ID, credentials: { token: TOKEN } });
    });
    afterAll(() => server.close());

    describe.each(callables)('$name', (callable) => {
      it('sends the documented example request: method, path, query, headers and the exact JSON body', async () => {
        const { params, expected } = exampleCall(document, callable, PROJECT_ID);
        const success = successStatus(document, callable);
        server.respond(() => ({ status: success.code, body: success.body }));
        const before = server.requests.length;

        const result = await methodOf(client, callable)(params);

        expect(server.requests.length).toBe(before + 1);
        const request = server.requests.at(-1)!;
        expect(request.method).toBe(expected.method);
        expect(request.pathname).toBe(expected.pathname);
        expect([...request.query]).toEqual(expected.query);
        for (const [name, value] of Object.entries(expected.headers)) expect(request.headers[name], `header ${name}`).toBe(value);
        expect(request.headers['x-auth-token']).toBe(TOKEN);
        if (expected.body === undefined) {
          expect(request.body).toBe('');
        } else {
          expect(request.headers['content-type']).toMatch(/^application\/json/);
          expect(JSON.parse(request.body)).toEqual(expected.body);
        }
        expect(result.response.status).toBe(success.code);
      });

      it.each(documentedStatuses(document, callable))('hands a $status answer with its documented body to the caller', async ({ code, body }) => {
        const { params } = exampleCall(document, callable, PROJECT_ID);
        server.respond(() => ({ status: code, body, headers: { 'x-request-id': 'rid-1' } }));

        const { data, error, response } = await methodOf(client, callable)(params);

        expect(response.status).toBe(code);
        expect(response.headers.get('x-request-id')).toBe('rid-1');
        if (code < 300) {
          if (body === undefined) expect(data === undefined || data === '' || (typeof data === 'object' && data !== null && Object.keys(data).length === 0)).toBe(true);
          else expect(data).toEqual(body);
          expect(error).toBeUndefined();
        } else {
          expect(error).toEqual(body);
          expect(data).toBeUndefined();
        }
      });

      it('returns a promise that rejects, never a synchronous throw, for input that is not an object', async () => {
        const before = server.requests.length;
        let returned: unknown;
        expect(() => {
          returned = methodOf(client, callable)('not-an-object');
        }).not.toThrow();
        expect(returned).toBeInstanceOf(Promise);
        await expect(returned).rejects.toMatchObject({ name: 'InvalidInputError' });
        expect(server.requests.length).toBe(before);
      });

      const { params: example } = exampleCall(document, callable, PROJECT_ID);
      const requiredParameter = callable.operation.parameters.find((parameter) => parameter.required);
      const mutations = callable.operation.body ? bodyMutations(document, callable.operation.body.schema, example.body, Object.keys(callable.fixed)) : [];
      const cases = [
        ...(requiredParameter
          ? [{ kind: 'missing required parameter', path: requiredParameter.name, params: Object.fromEntries(Object.entries(example).filter(([key]) => key !== requiredParameter.name)) }]
          : []),
        { kind: 'misspelled parameter', path: 'regoin', params: { ...example, regoin: 'x' } },
        ...(callable.operation.body?.required ? [{ kind: 'missing body', path: 'body', params: Object.fromEntries(Object.entries(example).filter(([key]) => key !== 'body')) }] : []),
        ...mutations
          .filter((mutation) => !Object.keys(callable.fixed).some((name) => mutation.path === `body.${name}` || mutation.path.startsWith(`body.${name}.`) || mutation.path.startsWith(`body.${name}[`)))
          .map((mutation) => ({ kind: mutation.kind, path: mutation.path, params: { ...example, body: mutation.apply(example.body) } })),
      ];
      it.each(cases)('refuses a $kind ($path) before sending, naming it', async ({ path, params, kind }) => {
        const before = server.requests.length;
        const error = await methodOf(client, callable)(params).then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(error).toMatchObject({ name: 'InvalidInputError' });
        const message = (error as Error).message;
        expect(message).toContain(callable.name);
        expect(message).toContain(kind === 'unknown property' ? path.split('.').at(-1)! : path.replace(/^body\./, '').split(/[.[]/)[0]!);
        if (kind === 'unknown property') expect(message).toMatch(/did you mean "/);
        expect(message).not.toContain(TOKEN);
        expect(server.requests.length).toBe(before);
      });

      // A secret (private key, signing key) handed to a call that fails never appears in the error:
      // neither when the secret itself is wrong nor when something else is.
      const secrets = callable.operation.body ? secretPlaces(document, callable.operation.body.schema, example.body) : [];
      it.each(secrets.map((place) => ({ place, path: `body.${place.at.join('.')}` })))('keeps the secret $path out of the error of a refused call', async ({ place }) => {
        const sentinel = `-----BEGIN PRIVATE KEY-----${'S3cr3tK3y'.repeat(Math.ceil(((place.schema.maxLength ?? 40) + 1) / 9))}`;
        const withSecret = structuredClone(example.body) as any;
        let node = withSecret;
        for (const step of place.at.slice(0, -1)) node = node[step];
        node[place.at.at(-1)!] = sentinel;
        const calls = [
          { ...example, body: withSecret, regoin: 'x' },
          { ...example, body: { ...withSecret, regoin: 'x' } },
          // The secret itself out of its bounds: the message names its length, never its text.
          ...(place.schema.maxLength !== undefined || place.schema.pattern !== undefined ? [{ ...example, body: withSecret }] : []),
        ];
        for (const params of calls) {
          const error = await methodOf(client, callable)(params).then(
            () => undefined,
            (reason: unknown) => reason,
          );
          expect(error).toMatchObject({ name: 'InvalidInputError' });
          const text = `${(error as Error).message}\n${(error as Error).stack ?? ''}\n${JSON.stringify(error)}`;
          expect(text).not.toContain('S3cr3tK3y');
        }
      });
    });
  });

  describe(`${service}: random valid inputs pass a server that validates them against the spec`, () => {
    let server: ValidatingServer;
    let client: AnyClient;
    beforeAll(async () => {
      server = await startValidatingServer(document, (request, verdict) => {
        const callable = callables.find((item) => item.operation.operationId === verdict.operationId)!;
        const success = successStatus(document, callable);
        return { status: success.code, body: success.body };
      });
      client = create({ endpoint: server.url, projectId: PROJECT_ID, credentials: { token: TOKEN }, retry: false });
    });
    afterAll(() => server.close());

    it.each(callables)('$name: 25 random valid calls are sent and accepted; their mutations are refused unsent', async (callable) => {
      await fc.assert(
        fc.asyncProperty(paramsArbitrary(document, callable), async (params) => {
          const before = server.verdicts.length;
          const { response } = await methodOf(client, callable)(params);
          expect(server.verdicts.length).toBe(before + 1);
          expect(server.verdicts.at(-1)).toEqual({ operationId: callable.operation.operationId, errors: [] });
          expect(response.status).toBeLessThan(300);

          if (callable.operation.body && params.body !== undefined) {
            const fixed = Object.keys(callable.fixed);
            const whole = Array.isArray(params.body) ? params.body : { ...(params.body as object), ...callable.fixed };
            for (const mutation of bodyMutations(document, callable.operation.body.schema, whole, fixed)) {
              if (fixed.some((name) => mutation.path === `body.${name}` || mutation.path.startsWith(`body.${name}.`) || mutation.path.startsWith(`body.${name}[`))) continue;
              const broken = mutation.apply(params.body);
              const sent = server.verdicts.length;
              await expect(methodOf(client, callable)({ ...params, body: broken })).rejects.toMatchObject({ name: 'InvalidInputError' });
              expect(server.verdicts.length).toBe(sent);
            }
          }
        }),
        { numRuns: 25, seed: SEED },
      );
    });
  });

  const signed = callables.filter((callable) => callable.operation.body);
  if (signed.length > 0) {
    describe(`${service}: AK/SK-signed calls with a body`, () => {
      let server: VerifyingServer;
      beforeAll(async () => {
        server = await startVerifyingServer({ keys: { 'AK-TEST': 'sk-test-secret' } });
      });
      afterAll(() => server.close());

      it.each(signed)('$name: the verifying server accepts the signature, which covers the JSON body', async (callable) => {
        const client = create({ endpoint: server.url, projectId: PROJECT_ID, credentials: { accessKey: 'AK-TEST', secretKey: 'sk-test-secret' } });
        const { params, expected } = exampleCall(document, callable, PROJECT_ID);
        const before = server.checks.length;
        await methodOf(client, callable)(params);
        expect(server.checks.slice(before)).toEqual([expect.objectContaining({ ok: true, accessKey: 'AK-TEST' })]);
        const request = server.requests.at(-1)!;
        expect(JSON.parse(request.body)).toEqual(expected.body);
        expect(request.headers['x-project-id']).toBe(PROJECT_ID);
        expect(String(request.headers.authorization)).toContain('content-type');
      });
    });
  }
}
