// Reads every callable of a service out of its bundled spec (each operation,
// or each of its `x-client-methods`) with what the spec documents for it: the
// example call, the request the client must send for it, the statuses and
// their example bodies. Shared by the spec-driven package tests.
import { methodName } from '../generate/names.ts';
import { listOperations, type Operation } from '../generate/operations.ts';
import type { OpenApiDocument } from '../spec.ts';
import { parameterExamples, responseExample, statusCodes } from './spec-examples.ts';

export interface Callable {
  /** PascalCase: operationId or x-client-methods name. */
  name: string;
  /** The client's method (camelCase). */
  method: string;
  operation: Operation;
  /** Body properties the method fixes. */
  fixed: Record<string, unknown>;
}

export function listCallables(document: OpenApiDocument): Callable[] {
  return listOperations(document, 'spec').flatMap((operation) =>
    operation.clientMethods.length === 0
      ? [{ name: operation.operationId, method: methodName(operation.operationId), operation, fixed: {} }]
      : operation.clientMethods.map((entry) => ({ name: entry.name, method: methodName(entry.name), operation, fixed: entry.body })),
  );
}

function exampleFor(parameter: Operation['parameters'][number], example: unknown): unknown {
  if (example !== undefined && example !== null) {
    if (parameter.type === 'integer' || parameter.type === 'number') return Number(example);
    if (parameter.type === 'boolean') return example === true || example === 'true';
    return String(example);
  }
  if (parameter.enum) return parameter.enum[0];
  return parameter.type === 'string' ? `example-${parameter.name}` : parameter.type === 'boolean' ? true : 1;
}

export interface ExampleCall {
  /** What the test passes to the client method. */
  params: Record<string, unknown>;
  /** The request the spec says this call sends. */
  expected: { method: string; pathname: string; query: Record<string, string>; body: unknown };
}

/**
 * The documented example call of a callable: every parameter with its example
 * (required ones always, optional ones when the spec gives an example) and the
 * body example without the properties the method fixes.
 */
export function exampleCall(document: OpenApiDocument, callable: Callable, projectId: string): ExampleCall {
  const { operation } = callable;
  const examples = parameterExamples(document, operation.operationId);
  const params: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    const example = examples[parameter.name];
    if (!parameter.required && (example === undefined || example === null)) continue;
    params[parameter.name] = exampleFor(parameter, example);
  }
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
  const query: Record<string, string> = {};
  for (const parameter of operation.parameters.filter((item) => item.in === 'query')) {
    if (params[parameter.name] !== undefined) query[parameter.name] = String(params[parameter.name]);
  }
  return { params, expected: { method: operation.method, pathname, query, body } };
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
