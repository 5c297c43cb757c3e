// Reads every callable of a service out of its bundled spec (each operation,
// or each of its `x-client-methods`) with what the spec documents for it: the
// example call, the request the client must send for it, the statuses and
// their example bodies. Shared by the spec-driven package tests.
import { methodName } from '../generate/names.ts';
import { listCallables as modelCallables, listOperations, type Callable as ModelCallable, type Operation, type OperationParameter } from '../generate/operations.ts';
import type { OpenApiDocument } from '../spec.ts';
import { responseExample, statusCodes } from './spec-examples.ts';

export interface Callable extends ModelCallable {
  /** The client's method (camelCase). */
  method: string;
}

/** Every callable of a spec, from the operation model, with the client method that calls it. */
export function listCallables(document: OpenApiDocument): Callable[] {
  return modelCallables(listOperations(document, 'spec')).map((callable) => ({ ...callable, method: methodName(callable.name) }));
}

function scalarExample(type: string | undefined, value: unknown, fallback: () => unknown): unknown {
  if (value === undefined || value === null) return fallback();
  if (type === 'integer' || type === 'number') return Number(value);
  if (type === 'boolean') return value === true || value === 'true';
  return String(value);
}

function exampleFor(parameter: OperationParameter, example: unknown): unknown {
  const fallback = () => (parameter.enum ? parameter.enum[0] : (parameter.items ?? parameter.type) === 'string' ? `example-${parameter.name}` : (parameter.items ?? parameter.type) === 'boolean' ? true : 1);
  if (parameter.type === 'array') {
    const items = Array.isArray(example) ? example : example === undefined || example === null ? [undefined] : [example];
    return items.map((item) => scalarExample(parameter.items, item, fallback));
  }
  return scalarExample(parameter.type, example, fallback);
}

/**
 * The call's parameters with its time window (`x-time-window`) moved into
 * what the client accepts now: the example dates and random date-times lie
 * years back or span too long. The start is two hours ago on the hour, the
 * end one hour later; each is set only where the call has it.
 */
export function withinTimeWindow(operation: Operation, params: Record<string, unknown>, now = Date.now()): Record<string, unknown> {
  const window = operation.timeWindow;
  if (!window) return params;
  const start = Math.floor(now / 3_600_000) * 3_600_000 - 7_200_000;
  const text = (time: number) => new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const fitted = { ...params };
  if (fitted[window.start] !== undefined) fitted[window.start] = text(start);
  if (window.end !== undefined && fitted[window.end] !== undefined) fitted[window.end] = text(start + 3_600_000);
  return fitted;
}

export interface ExampleCall {
  /** What the test passes to the client method. */
  params: Record<string, unknown>;
  /** The request the spec says this call sends: query values in order (repeated keys as several), headers by lowercase name. */
  expected: { method: string; pathname: string; query: Array<[string, string]>; headers: Record<string, string>; body: unknown };
}

/**
 * The documented example call of a callable: every parameter with its example
 * (required ones always, optional ones when the spec gives an example) and the
 * body example without the properties the method fixes.
 */
export function exampleCall(document: OpenApiDocument, callable: Callable, projectId: string): ExampleCall {
  const { operation } = callable;
  let params: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    const example = parameter.example;
    if (!parameter.required && (example === undefined || example === null)) continue;
    params[parameter.name] = exampleFor(parameter, example);
  }
  params = withinTimeWindow(operation, params);
  let body: unknown;
  if (operation.body) {
    const example = operation.body.example ?? {};
    if (Array.isArray(example) || typeof example !== 'object' || example === null) {
      params.body = example;
      body = example;
    } else {
      const sent = Object.fromEntries(Object.entries(example).filter(([key]) => !(key in callable.fixed)));
      params.body = sent;
      body = { ...sent, ...callable.fixed };
    }
  }
  let pathname = operation.path.replace('{project_id}', encodeURIComponent(projectId));
  for (const parameter of operation.parameters.filter((item) => item.in === 'path')) {
    pathname = pathname.replace(`{${parameter.name}}`, encodeURIComponent(String(params[parameter.name])));
  }
  const query: Array<[string, string]> = [];
  const headers: Record<string, string> = {};
  for (const parameter of operation.parameters) {
    const value = params[parameter.name];
    if (value === undefined) continue;
    if (parameter.in === 'header') headers[parameter.name.toLowerCase()] = Array.isArray(value) ? value.join(',') : String(value);
    else if (parameter.in !== 'query') continue;
    else if (!Array.isArray(value)) query.push([parameter.name, String(value)]);
    else if (parameter.explode) for (const item of value) query.push([parameter.name, String(item)]);
    else query.push([parameter.name, value.join(',')]);
  }
  return { params, expected: { method: operation.method, pathname, query, headers, body } };
}

export interface DocumentedStatus {
  /** As written in the spec: `'200'`, `'4XX'`. */
  status: string;
  /** The status code the test answers with. */
  code: number;
  /** The first example body, or undefined when the response has none. */
  body: unknown;
}

export function documentedStatuses(document: OpenApiDocument, callable: Callable): DocumentedStatus[] {
  return statusCodes(document, callable.operation.operationId).map((status) => ({
    status,
    code: status === '4XX' ? 403 : status === '5XX' ? 500 : Number(status),
    body: responseExample(document, callable.operation.operationId, status),
  }));
}

/** The first 2xx status of a callable, with its example body. */
export function successStatus(document: OpenApiDocument, callable: Callable): DocumentedStatus {
  const success = documentedStatuses(document, callable).find((entry) => entry.code >= 200 && entry.code < 300);
  if (!success) throw new Error(`${callable.name} documents no 2xx response.`);
  return success;
}

/** A place in a body example that holds a secret (`writeOnly`, `format: password`), with its schema. */
export interface SecretPlace {
  /** `['certificate_key']`, `['keys', '0', 'value']`. */
  at: string[];
  schema: any;
}

/** Every string of the example body whose schema marks it secret. */
export function secretPlaces(document: OpenApiDocument, schema: any, value: unknown, at: string[] = []): SecretPlace[] {
  const resolved = resolveRefDeep(document, schema);
  if (!resolved || typeof resolved !== 'object') return [];
  if (resolved.writeOnly === true && resolved.format === 'password' && typeof value === 'string') return [{ at, schema: resolved }];
  if (Array.isArray(value)) return value.flatMap((item, index) => secretPlaces(document, resolved.items, item, [...at, String(index)]));
  if (value !== null && typeof value === 'object') {
    const properties = { ...(resolved.properties ?? {}) };
    for (const branch of resolved.allOf ?? []) Object.assign(properties, resolveRefDeep(document, branch)?.properties ?? {});
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => (properties[key] ? secretPlaces(document, properties[key], item, [...at, key]) : []));
  }
  return [];
}

function resolveRefDeep(document: OpenApiDocument, schema: any): any {
  let current = schema;
  for (let hops = 0; hops < 20 && typeof current?.$ref === 'string'; hops++) {
    current = current.$ref.split('/').slice(1).reduce((node: any, key: string) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
  }
  return current;
}
