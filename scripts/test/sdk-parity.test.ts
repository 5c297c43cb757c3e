// Checks every operation in scope against what the official SDK sends
// (specs/<svc>/sdk-facts.json, written by scripts/sdk-facts.ts from the SDK
// sources): method, path, path/query/header parameter names and locations,
// top-level request-body fields and their required flags. Where the spec
// deliberately differs (the vendor page wins over the SDK), the operation says
// so in `x-sdk-differences: [{ where, note }]` and that one place is skipped.
// A documented difference that is not one fails as stale.
//
// `where` is one of:
//   method | path            the HTTP method; the path with parameter names normalised
//   path.<name> | query.<name> | header.<name>   one parameter (present in one of the two)
//   body                     whether there is a body at all, and object vs array
//   body.<field>             one top-level body field: present, and required or optional
//   body.<field>[].x, body.<field>.x   something nested in a body field (not compared;
//                            stale only when neither side has <field>)
//   operation                the SDK has no such operation (sdk-facts.json lists it as null)
//   response                 responses, which the SDK facts do not cover (never compared, never stale)
//
// A note at a parameter or body field where names, locations and required
// flags agree is kept when it can be about the type: the SDK's declared kind
// (sdk-facts.json `type`) and the spec's schema type differ, or one is unknown.
// Type differences are not required to be documented; only the checks above are.
// A note on an ignored auth/transport header is kept when the SDK has the
// header as a request field and the spec does not (a real, tolerated difference).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCOPE, type SdkBody, type SdkFactsFile, type SdkKind, type SdkOperation } from '../sdk-facts.ts';
import { findService, loadServices, repoRoot } from '../services.ts';
import { locate } from '../spec-source.ts';
import { bundleService, resolveRef, type OpenApiDocument } from '../spec.ts';
import { listCallables, listOperations } from '../generate/operations.ts';

/** Auth and transport headers: security schemes and the HTTP client own these, so they are never compared. */
const IGNORED_HEADERS = [
  'Authorization',
  'X-Auth-Token',
  'X-Security-Token',
  'X-Sdk-Date',
  'X-Project-Id',
  'X-Domain-Id',
  'Content-Type',
  'Content-Length',
  'Host',
  'User-Agent',
];
const ignoredHeader = (name: string): boolean => IGNORED_HEADERS.some((header) => header.toLowerCase() === name.toLowerCase());

const NAME = String.raw`[^\s.[\]]+`;
const WHERE = new RegExp(String.raw`^(?:method|path|body|operation|response|(?:path|query|header)\.${NAME}|body\.${NAME}(?:\[\]|\.${NAME})*)$`);
const NESTED = new RegExp(String.raw`^body\.(${NAME})(?:\[\]|\.${NAME})+$`);
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  operation: any;
  parameters: any[];
}

interface Difference {
  place: string;
  sdk: string;
  spec: string;
}

/** A spec body in the SDK facts' terms, the field kinds being JSON Schema types. */
interface SpecBody {
  type: 'object' | 'array';
  fields: Record<string, { required: boolean; type?: string }>;
}

/** The spec operation an SDK operation maps to: same operationId, or an `x-client-methods` entry of that name. */
function findSpecOperation(document: OpenApiDocument, sdkOperationId: string): SpecOperation | { error: string } | null {
  const found: SpecOperation[] = [];
  for (const [specPath, rawItem] of Object.entries<any>(document.paths ?? {})) {
    const item = resolveRef(document, rawItem);
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const names = [operation.operationId, ...(operation['x-client-methods'] ?? []).map((entry: any) => entry?.name)];
      if (!names.includes(sdkOperationId)) continue;
      const merged = new Map<string, any>();
      for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        const parameter = resolveRef(document, raw);
        merged.set(`${parameter.in}:${parameter.name}`, parameter);
      }
      found.push({ operationId: operation.operationId, method: method.toUpperCase(), path: specPath, operation, parameters: [...merged.values()] });
    }
  }
  if (found.length > 1) {
    return { error: `${sdkOperationId} is named by ${found.length} spec operations (${found.map((entry) => `${entry.method} ${entry.path}`).join(', ')}); it must map to one.` };
  }
  return found[0] ?? null;
}

/** The JSON Schema type of a schema (its non-null type), or undefined when it does not say. */
function schemaType(document: OpenApiDocument, raw: unknown): string | undefined {
  const schema = resolveRef(document, raw) ?? {};
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((type: unknown) => typeof type === 'string' && type !== 'null');
  if (types.length === 1) return types[0];
  if (types.length === 0 && schema.properties) return 'object';
  return undefined;
}

/** Top-level fields of a spec schema: required flag and type, through $ref, allOf, oneOf and anyOf. */
function schemaFields(document: OpenApiDocument, raw: unknown): SpecBody['fields'] {
  const schema = resolveRef(document, raw) ?? {};
  const fields: SpecBody['fields'] = {};
  const add = (name: string, required: boolean, type: string | undefined) => {
    const previous = fields[name];
    fields[name] = { required: previous?.required === true || required, ...((type ?? previous?.type) ? { type: type ?? previous?.type } : {}) };
  };
  for (const [name, property] of Object.entries<any>(schema.properties ?? {})) add(name, (schema.required ?? []).includes(name), schemaType(document, property));
  for (const part of schema.allOf ?? []) {
    for (const [name, field] of Object.entries(schemaFields(document, part))) add(name, field.required, field.type);
  }
  const branches: any[] = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  if (branches.length > 0) {
    const perBranch = branches.map((branch) => schemaFields(document, branch));
    for (const name of new Set(perBranch.flatMap((branch) => Object.keys(branch)))) {
      const requiredEverywhere = perBranch.every((branch) => branch[name]?.required === true);
      add(name, requiredEverywhere || (schema.required ?? []).includes(name), perBranch.find((branch) => branch[name]?.type)?.[name]?.type);
    }
  }
  return fields;
}

/** The spec's request body in the SDK facts' terms. */
function specBody(document: OpenApiDocument, operation: any): SpecBody | null {
  if (!operation.requestBody) return null;
  const requestBody = resolveRef(document, operation.requestBody);
  const content = requestBody.content ?? {};
  const media = content['application/json'] ?? Object.values<any>(content)[0];
  let schema = resolveRef(document, media?.schema ?? {});
  let type: SpecBody['type'] = 'object';
  if (schema?.type === 'array') {
    type = 'array';
    schema = schema.items ?? {};
  }
  return { type, fields: schemaFields(document, schema) };
}

const describeBody = (body: SdkBody | SpecBody | null): string =>
  body ? `${body.type === 'array' ? 'a JSON array of objects' : 'a JSON object'} with ${Object.keys(body.fields).length} top-level field(s)` : 'no body';
const fieldState = (body: SdkBody | SpecBody | null, field: string): string =>
  body?.fields[field] ? (body.fields[field]!.required ? 'required' : 'optional') : 'absent';
const normalisePath = (template: string): string => template.replace(/\{[^}]+\}/g, '{}');
const parametersAt = <T extends { name: string; in: string }>(parameters: T[], location: string, name: string): T[] =>
  parameters.filter((parameter) => parameter.in === location && (location === 'header' ? parameter.name.toLowerCase() === name.toLowerCase() : parameter.name === name));

/** Every place where the spec operation and the SDK facts disagree. */
function differences(document: OpenApiDocument, spec: SpecOperation, sdk: SdkOperation | null): Difference[] {
  if (!sdk) return [{ place: 'operation', sdk: 'no such operation', spec: `${spec.method} ${spec.path}` }];
  const found: Difference[] = [];
  if (sdk.method.toUpperCase() !== spec.method) found.push({ place: 'method', sdk: sdk.method, spec: spec.method });
  if (normalisePath(sdk.path) !== normalisePath(spec.path)) found.push({ place: 'path', sdk: sdk.path, spec: spec.path });

  for (const location of ['path', 'query', 'header'] as const) {
    // Header names compare case-insensitively, as HTTP does.
    const key = (name: string) => (location === 'header' ? name.toLowerCase() : name);
    const sdkNames = new Map(
      sdk.parameters.filter((parameter) => parameter.in === location && !(location === 'header' && ignoredHeader(parameter.name))).map((parameter) => [key(parameter.name), parameter.name]),
    );
    const specNames = new Map(
      spec.parameters
        .filter((parameter) => parameter.in === location && !(location === 'header' && ignoredHeader(parameter.name)))
        .map((parameter) => [key(parameter.name), String(parameter.name)]),
    );
    for (const [name, spelling] of sdkNames) {
      if (specNames.has(name)) continue;
      const elsewhere = spec.parameters.find((parameter) => parameter.name === spelling && parameter.in !== location);
      found.push({ place: `${location}.${spelling}`, sdk: `${location} parameter ${spelling}`, spec: elsewhere ? `it in ${elsewhere.in}, not ${location}` : `no ${location} parameter ${spelling}` });
    }
    for (const [name, spelling] of specNames) {
      if (sdkNames.has(name)) continue;
      const elsewhere = sdk.parameters.find((parameter) => parameter.name === spelling && parameter.in !== location);
      found.push({ place: `${location}.${spelling}`, sdk: elsewhere ? `it in ${elsewhere.in}, not ${location}` : `no ${location} parameter ${spelling}`, spec: `${location} parameter ${spelling}` });
    }
  }

  const body = specBody(document, spec.operation);
  if (!sdk.body !== !body || (sdk.body && body && sdk.body.type !== body.type)) {
    found.push({ place: 'body', sdk: describeBody(sdk.body), spec: describeBody(body) });
  }
  for (const field of new Set([...Object.keys(sdk.body?.fields ?? {}), ...Object.keys(body?.fields ?? {})])) {
    const [inSdk, inSpec] = [fieldState(sdk.body, field), fieldState(body, field)];
    if (inSdk !== inSpec) found.push({ place: `body.${field}`, sdk: inSdk, spec: inSpec });
  }
  return found;
}

/** Whether an SDK kind and a spec type are the same JSON type; undefined when one side does not say. */
function sameType(sdk: SdkKind | undefined, spec: string | undefined): boolean | undefined {
  if (!sdk || !spec || sdk === 'any') return undefined;
  if (sdk === 'number') return spec === 'number' || spec === 'integer'; // the Node SDK's number is either
  return sdk === spec; // a date is never a JSON Schema type
}

/** The kinds at a parameter or body-field place, both sides present; null when the place is not one. */
function kindsAt(document: OpenApiDocument, spec: SpecOperation, sdk: SdkOperation, where: string): { sdk?: SdkKind; spec?: string } | null {
  const [location, ...rest] = where.split('.');
  const name = rest.join('.');
  if (location === 'body') {
    const field = specBody(document, spec.operation)?.fields[name];
    const sdkField = sdk.body?.fields[name];
    return field && sdkField ? { sdk: sdkField.type, spec: field.type } : null;
  }
  if (location !== 'path' && location !== 'query' && location !== 'header') return null;
  const sdkParameter = parametersAt(sdk.parameters, location, name)[0];
  const specParameter = parametersAt(spec.parameters, location, name)[0];
  return sdkParameter && specParameter ? { sdk: sdkParameter.type, spec: schemaType(document, specParameter.schema) } : null;
}

/** The same place, with header names compared case-insensitively. */
const samePlace = (a: string, b: string): boolean => a === b || (a.startsWith('header.') && a.toLowerCase() === b.toLowerCase());

/**
 * Checks one spec operation against the SDK operations that map to it (one,
 * or several for an operation with x-client-methods): every difference must
 * be documented, and every documented difference must still be one. Returns
 * the problems, each naming the operation, the place and both values.
 */
function checkParity(document: OpenApiDocument, spec: SpecOperation, sdkOperations: Record<string, SdkOperation | null>, specFile: string): string[] {
  const problems: string[] = [];
  const label = (sdkName: string) => (sdkName === spec.operationId ? sdkName : `${sdkName} (spec operation ${spec.operationId})`);
  const documented: Array<{ where: string; note: string }> = [];
  const raw = spec.operation['x-sdk-differences'];
  if (raw !== undefined && !Array.isArray(raw)) problems.push(`${spec.operationId}: x-sdk-differences must be a list of { where, note }.`);
  for (const entry of Array.isArray(raw) ? raw : []) {
    if (typeof entry?.where !== 'string' || !WHERE.test(entry.where) || typeof entry.note !== 'string' || !entry.note.trim()) {
      problems.push(
        `${spec.operationId}: x-sdk-differences entry ${JSON.stringify(entry)} needs where (method, path, body, operation, response, path.|query.|header.|body.<name>, or body.<field>[].<nested>) and a note.`,
      );
      continue;
    }
    documented.push({ where: entry.where, note: entry.note });
  }

  const actual = new Set<string>();
  for (const [sdkName, sdk] of Object.entries(sdkOperations)) {
    for (const difference of differences(document, spec, sdk)) {
      actual.add(difference.place);
      if (documented.some((entry) => samePlace(entry.where, difference.place))) continue;
      problems.push(
        `${label(sdkName)}: ${difference.place} differs from the official SDK: the SDK has ${difference.sdk}, the spec has ${difference.spec}. ` +
          `Fix ${locate(document, ['paths', spec.path, spec.method.toLowerCase()]) ?? specFile}, or if the page says so, add x-sdk-differences: [{ where: '${difference.place}', note: ... }] to ${spec.operationId}.`,
      );
    }
  }

  const names = Object.keys(sdkOperations).map(label).join(' / ');
  const sdks = Object.values(sdkOperations).filter((sdk): sdk is SdkOperation => sdk !== null);
  const body = specBody(document, spec.operation);
  for (const entry of documented) {
    if (entry.where === 'response') continue;
    if ([...actual].some((place) => samePlace(entry.where, place))) continue;
    const nested = NESTED.exec(entry.where);
    if (nested) {
      const field = nested[1]!;
      if (body?.fields[field] || sdks.some((sdk) => sdk.body?.fields[field])) continue;
      problems.push(`${names}: x-sdk-differences documents ${entry.where} ("${entry.note}"), but neither the SDK nor the spec has a body field ${field}: fix or remove the note.`);
      continue;
    }
    // A type difference at a place where names and flags agree.
    const kinds = sdks.map((sdk) => kindsAt(document, spec, sdk, entry.where));
    if (kinds.some((pair) => pair && sameType(pair.sdk, pair.spec) !== true)) continue;
    // An ignored header the SDK carries as a request field and the spec does not (or the reverse).
    if (entry.where.startsWith('header.') && ignoredHeader(entry.where.slice('header.'.length))) {
      const name = entry.where.slice('header.'.length);
      if (sdks.some((sdk) => parametersAt(sdk.parameters, 'header', name).length > 0 !== parametersAt(spec.parameters, 'header', name).length > 0)) continue;
    }
    const nestedHint = entry.where.startsWith('body.') && kinds.some((pair) => pair?.sdk === 'array' || pair?.sdk === 'object')
      ? ` If the note is about something inside the field, say where, e.g. where: '${entry.where}${kinds.some((pair) => pair?.sdk === 'array') ? '[]' : ''}.<property>'.`
      : '';
    problems.push(
      `${names}: x-sdk-differences documents ${entry.where} ("${entry.note}"), but the spec and the SDK agree there (${agreement(document, spec, sdks[0] ?? null, entry.where)}): remove the stale note.${nestedHint}`,
    );
  }
  return problems;
}

/** What both sides have at a place where they agree, for the stale-note message. */
function agreement(document: OpenApiDocument, spec: SpecOperation, sdk: SdkOperation | null, where: string): string {
  if (!sdk) return 'the SDK lacks it';
  if (where === 'method') return `both ${spec.method}`;
  if (where === 'path') return `both ${spec.path}`;
  if (where === 'operation') return `the SDK has it too, ${sdk.method} ${sdk.path}`;
  if (where === 'body') return `both ${describeBody(specBody(document, spec.operation))}`;
  const [location, ...rest] = where.split('.');
  const name = rest.join('.');
  const kinds = kindsAt(document, spec, sdk, where);
  const typed = kinds?.spec ? `, ${kinds.spec}` : '';
  if (location === 'body') return `both ${fieldState(sdk.body, name)}${typed}`;
  if (location === 'header' && ignoredHeader(name)) return `${name} is an auth/transport header neither carries as a parameter`;
  return parametersAt(sdk.parameters, location!, name).length > 0 ? `both have ${location} parameter ${name}${typed}` : `neither has ${location} parameter ${name}`;
}

// ---------------------------------------------------------------------------

const services = (await loadServices()).filter((service) => SCOPE[service.name]);
const loaded = await Promise.all(
  services.map(async (service) => {
    const file = path.join(repoRoot, 'specs', service.name, 'sdk-facts.json');
    const facts = JSON.parse(await readFile(file, 'utf8')) as SdkFactsFile;
    // A spec that does not bundle fails its own tests, not the other services'.
    const document = await bundleService(service).catch((error: unknown) => error instanceof Error ? error : new Error(String(error)));
    // The operation model's callables: every operationId, or each x-client-methods name.
    const callables = document instanceof Error ? [] : listCallables(listOperations(document, service.specFile)).map((callable) => callable.name);
    return { service, facts, document, callables };
  }),
);

it('has SDK facts for every service in scope', () => {
  expect(services.map((service) => service.name).sort()).toEqual(Object.keys(SCOPE).sort());
});

describe.each(loaded)('$service.name against the official SDK', ({ service, facts, document, callables }) => {
  const scope = SCOPE[service.name]!;

  it('has facts for exactly the callables of the spec, from a recorded SDK commit (rerun scripts/sdk-facts.ts after adding one)', () => {
    expect(Object.keys(facts.operations).sort()).toEqual([...callables].sort());
    expect(facts.sdk.repository).toBe(scope.sdk === 'node' ? 'huaweicloud/huaweicloud-sdk-nodejs-v3' : 'huaweicloud/huaweicloud-sdk-go-v3');
    expect(facts.sdk.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it.each(callables)('%s matches the SDK, except where x-sdk-differences says', (sdkName) => {
    if (document instanceof Error) expect.fail(`${service.specFile} does not bundle: ${document.message}`);
    const found = findSpecOperation(document, sdkName);
    if (!found) {
      expect.fail(`${sdkName} is in scope but missing from ${service.specFile}: no operationId or x-client-methods entry names it.`);
    }
    if ('error' in found) expect.fail(found.error);
    // Operations that share one spec operation (x-client-methods) are checked together.
    const siblings = callables.filter((other) => {
      const match = findSpecOperation(document, other);
      return match && !('error' in match) && match.method === found.method && match.path === found.path;
    });
    const sdkOperations = Object.fromEntries(siblings.map((name) => [name, facts.operations[name] ?? null]));
    const problems = checkParity(document, found, sdkOperations, service.specFile);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

describe('the parity check itself (on a copy of the DeletePullTask seed)', () => {
  // A fixed copy of the live seed operation, so this self-check does not move
  // when the real spec does.
  const seed: OpenApiDocument = {
    openapi: '3.1.0',
    paths: {
      '/v1/{project_id}/pull/stream/task': {
        parameters: [{ $ref: '#/components/parameters/project_id' }],
        delete: {
          operationId: 'DeletePullTask',
          parameters: [
            { name: 'task_id', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'region', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'Deleted.' } },
        },
      },
    },
    components: { parameters: { project_id: { name: 'project_id', in: 'path', required: true, schema: { type: 'string' } } } },
  };
  const copy = (): OpenApiDocument => structuredClone(seed);
  const sdk: SdkOperation = {
    method: 'DELETE',
    path: '/v1/{project_id}/pull/stream/task',
    parameters: [
      { name: 'project_id', in: 'path' },
      { name: 'task_id', in: 'query' },
      { name: 'region', in: 'query' },
      { name: 'X-Sdk-Date', in: 'header' },
    ],
    body: null,
  };
  const check = (document: OpenApiDocument, facts: SdkOperation | null = sdk, operationId = 'DeletePullTask') => {
    const found = findSpecOperation(document, operationId) as SpecOperation;
    return checkParity(document, found, { [operationId]: facts }, 'specs/live/openapi.yaml');
  };
  const operationOf = (document: OpenApiDocument) => (findSpecOperation(document, 'DeletePullTask') as SpecOperation).operation;

  it('passes the seed operation, ignoring the SDK auth header', () => {
    expect(check(copy())).toEqual([]);
  });

  it('names the operation, the place and both values on a renamed query parameter', () => {
    const document = copy();
    const parameter = operationOf(document).parameters.find((candidate: any) => resolveRef(document, candidate).name === 'task_id');
    resolveRef(document, parameter).name = 'taskId';
    const problems = check(document);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^DeletePullTask: query\.task_id differs .*the SDK has query parameter task_id, the spec has no query parameter task_id/);
    expect(problems[1]).toMatch(/^DeletePullTask: query\.taskId differs .*the SDK has no query parameter taskId, the spec has query parameter taskId/);
  });

  it('catches a method, a path and a body difference, and a parameter in the wrong place', () => {
    const document = copy();
    const item = document.paths['/v1/{project_id}/pull/stream/task'];
    item.post = item.delete;
    delete item.delete;
    document.paths['/v1/{project_id}/pull/stream/tasks'] = item;
    delete document.paths['/v1/{project_id}/pull/stream/task'];
    item.post.requestBody = {
      content: { 'application/json': { schema: { type: 'object', required: ['task_id'], properties: { task_id: { type: 'string' } } } } },
    };
    const facts: SdkOperation = { ...sdk, parameters: [...sdk.parameters.filter((p) => p.name !== 'region'), { name: 'region', in: 'header' }] };
    const problems = check(document, facts).join('\n');
    expect(problems).toContain('DeletePullTask: method differs from the official SDK: the SDK has DELETE, the spec has POST');
    expect(problems).toContain('path differs from the official SDK: the SDK has /v1/{project_id}/pull/stream/task, the spec has /v1/{project_id}/pull/stream/tasks');
    expect(problems).toContain('body differs from the official SDK: the SDK has no body, the spec has a JSON object with 1 top-level field(s)');
    expect(problems).toContain('body.task_id differs from the official SDK: the SDK has absent, the spec has required');
    expect(problems).toContain('header.region differs from the official SDK: the SDK has header parameter region, the spec has it in query, not header');
    expect(problems).toContain('query.region differs from the official SDK: the SDK has it in header, not query, the spec has query parameter region');
  });

  it('compares body fields and their required flags, objects against arrays', () => {
    const document = copy();
    operationOf(document).requestBody = {
      content: { 'application/json': { schema: { type: 'object', required: ['a'], properties: { a: {}, b: {}, c: {} } } } },
    };
    const facts: SdkOperation = { ...sdk, body: { type: 'array', fields: { a: { required: true }, b: { required: true }, d: { required: false } } } };
    const problems = check(document, facts).join('\n');
    expect(problems).toContain('body differs from the official SDK: the SDK has a JSON array of objects with 3 top-level field(s), the spec has a JSON object with 3 top-level field(s)');
    expect(problems).toContain('body.b differs from the official SDK: the SDK has required, the spec has optional');
    expect(problems).toContain('body.c differs from the official SDK: the SDK has absent, the spec has optional');
    expect(problems).toContain('body.d differs from the official SDK: the SDK has optional, the spec has absent');
    expect(problems).not.toContain('body.a ');
  });

  it('skips exactly the documented place, and fails a stale note', () => {
    const document = copy();
    const operation = operationOf(document);
    const parameter = operation.parameters.find((candidate: any) => resolveRef(document, candidate).name === 'region');
    resolveRef(document, parameter).name = 'Region';
    operation['x-sdk-differences'] = [
      { where: 'query.region', note: 'The page spells it Region.' },
      { where: 'method', note: 'Stale on purpose.' },
    ];
    const problems = check(document);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^DeletePullTask: query\.Region differs from the official SDK: the SDK has no query parameter Region, the spec has query parameter Region/);
    expect(problems[1]).toBe(
      'DeletePullTask: x-sdk-differences documents method ("Stale on purpose."), but the spec and the SDK agree there (both DELETE): remove the stale note.',
    );
  });

  it('rejects malformed notes and needs a note where the SDK lacks the operation', () => {
    const document = copy();
    operationOf(document)['x-sdk-differences'] = [{ where: 'query', note: 'no name' }];
    expect(check(document).join('\n')).toContain('x-sdk-differences entry {"where":"query","note":"no name"} needs where');
    operationOf(document)['x-sdk-differences'] = [];
    expect(check(document, null)).toEqual([
      "DeletePullTask: operation differs from the official SDK: the SDK has no such operation, the spec has DELETE /v1/{project_id}/pull/stream/task. Fix specs/live/openapi.yaml, or if the page says so, add x-sdk-differences: [{ where: 'operation', note: ... }] to DeletePullTask.",
    ]);
    operationOf(document)['x-sdk-differences'] = [{ where: 'operation', note: 'The Go SDK has no such method.' }];
    expect(check(document, null)).toEqual([]);
  });

  it('names the resource file, line and column of the operation to fix in a real spec', async () => {
    const live = await bundleService(await findService('live'));
    const found = findSpecOperation(live, 'DeletePullTask') as SpecOperation;
    const problems = checkParity(live, found, { DeletePullTask: { ...sdk, method: 'POST' } }, 'specs/live/openapi.yaml');
    expect(problems).toEqual([expect.stringMatching(/ Fix specs\/live\/relay-tasks\/pull-stream-task\.yaml:\d+:\d+, or if the page says so/)]);
  });

  it('maps an SDK operation to the spec operation whose x-client-methods names it', () => {
    const document = copy();
    operationOf(document)['x-client-methods'] = [{ name: 'StopPullTask', body: {} }];
    const found = findSpecOperation(document, 'StopPullTask') as SpecOperation;
    expect(`${found.operationId} ${found.method} ${found.path}`).toBe('DeletePullTask DELETE /v1/{project_id}/pull/stream/task');
    const problems = checkParity(document, found, { StopPullTask: { ...sdk, method: 'POST' } }, 'specs/live/openapi.yaml');
    expect(problems).toEqual([expect.stringMatching(/^StopPullTask \(spec operation DeletePullTask\): method differs from the official SDK: the SDK has POST, the spec has DELETE/)]);
  });
});
