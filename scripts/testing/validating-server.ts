// A recording server on 127.0.0.1 that validates every request against the
// bundled spec with a JSON Schema validator (Ajv, draft 2020-12, as OpenAPI 3.1
// uses): the operation by method and path, path and query parameters (types,
// enums, ranges, unknown names) and the JSON body. Independent of the client's
// own generated checks, so a property test can trust its verdict.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from '../spec.ts';
import { resolveRef } from '../spec.ts';
import { startRecordingServer, type RecordedRequest, type RecordingServer, type Reply } from './recording-server.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export interface RequestVerdict {
  operationId: string | undefined;
  errors: string[];
}

function pointer(...segments: string[]): string {
  return segments.map((segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** Compiles validators for every operation of a bundled spec. */
export function createRequestValidator(document: OpenApiDocument): (request: RecordedRequest) => RequestVerdict {
  const ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: false, validateFormats: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (value: number) => Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isInteger(value) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addSchema({ ...document, $id: 'https://spec.invalid/openapi' } as object);
  const compile = (ref: string): ValidateFunction => ajv.compile({ $ref: `https://spec.invalid/openapi#${ref}` });

  interface Route {
    operationId: string;
    method: string;
    pattern: RegExp;
    names: string[];
    parameters: Array<{ name: string; in: string; required: boolean; schema: any; validate: ValidateFunction }>;
    body: { required: boolean; validate: ValidateFunction } | undefined;
  }
  const routes: Route[] = [];
  for (const [path, item] of Object.entries<any>(document.paths ?? {})) {
    const names: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      })}$`,
    );
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const merged = new Map<string, { raw: any; at: string }>();
      (item.parameters ?? []).forEach((raw: any, index: number) => {
        const parameter = resolveRef<any>(document, raw);
        merged.set(`${parameter.in}:${parameter.name}`, { raw: parameter, at: typeof raw.$ref === 'string' ? raw.$ref.slice(1) : `/${pointer('paths', path, 'parameters', String(index))}` });
      });
      (operation.parameters ?? []).forEach((raw: any, index: number) => {
        const parameter = resolveRef<any>(document, raw);
        merged.set(`${parameter.in}:${parameter.name}`, { raw: parameter, at: typeof raw.$ref === 'string' ? raw.$ref.slice(1) : `/${pointer('paths', path, method, 'parameters', String(index))}` });
      });
      const parameters = [...merged.values()].map(({ raw, at }) => ({
        name: raw.name,
        in: raw.in,
        required: raw.required === true,
        schema: resolveRef<any>(document, raw.schema ?? {}),
        validate: compile(`${at}/schema`),
      }));
      let body: Route['body'];
      if (operation.requestBody) {
        const requestBody = resolveRef<any>(document, operation.requestBody);
        const at = typeof operation.requestBody.$ref === 'string' ? operation.requestBody.$ref.slice(1) : `/${pointer('paths', path, method, 'requestBody')}`;
        if (requestBody.content?.['application/json']) {
          body = { required: requestBody.required === true, validate: compile(`${at}/${pointer('content', 'application/json', 'schema')}`) };
        }
      }
      routes.push({ operationId: operation.operationId, method: method.toUpperCase(), pattern, names, parameters, body });
    }
  }

  function coerce(value: string, schema: any): unknown {
    const type = Array.isArray(schema.type) ? schema.type.find((item: string) => item !== 'null') : schema.type;
    if (type === 'integer' || type === 'number') return value.trim() === '' ? value : Number(value);
    if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
    return value;
  }

  return (request) => {
    const errors: string[] = [];
    const route = routes.find((candidate) => candidate.method === request.method && candidate.pattern.test(request.pathname));
    if (!route) return { operationId: undefined, errors: [`no operation for ${request.method} ${request.pathname}`] };
    const match = route.pattern.exec(request.pathname)!;
    const pathValues = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
    const known = new Set(route.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name));
    for (const name of request.query.keys()) if (!known.has(name)) errors.push(`unknown query parameter ${name}`);
    for (const parameter of route.parameters) {
      if (parameter.in !== 'path' && parameter.in !== 'query') continue;
      const raw = parameter.in === 'path' ? pathValues[parameter.name] : request.query.get(parameter.name) ?? undefined;
      if (raw === undefined) {
        if (parameter.required) errors.push(`${parameter.in} parameter ${parameter.name} is missing`);
        continue;
      }
      if (!parameter.validate(coerce(raw, parameter.schema))) {
        errors.push(`${parameter.in} parameter ${parameter.name}=${JSON.stringify(raw)}: ${ajv.errorsText(parameter.validate.errors)}`);
      }
    }
    if (route.body) {
      if (request.body === '') {
        if (route.body.required) errors.push('the request body is missing');
      } else {
        const type = String(request.headers['content-type'] ?? '');
        if (!type.startsWith('application/json')) errors.push(`content-type is ${JSON.stringify(type)}, not application/json`);
        let parsed: unknown;
        try {
          parsed = JSON.parse(request.body);
        } catch {
          errors.push('the body is not JSON');
        }
        if (parsed !== undefined && !route.body.validate(parsed)) errors.push(`body: ${ajv.errorsText(route.body.validate.errors, { dataVar: 'body' })}`);
      }
    } else if (request.body !== '') {
      errors.push('a body was sent to an operation that takes none');
    }
    return { operationId: route.operationId, errors };
  };
}

export interface ValidatingServer extends RecordingServer {
  verdicts: RequestVerdict[];
}

/**
 * Starts a server that validates each request against the spec; valid ones are
 * answered by `respond`, invalid ones with 400 and the validator's errors.
 */
export async function startValidatingServer(
  document: OpenApiDocument,
  respond: (request: RecordedRequest, verdict: RequestVerdict) => Reply = () => ({ status: 200, body: {} }),
): Promise<ValidatingServer> {
  const validate = createRequestValidator(document);
  const verdicts: RequestVerdict[] = [];
  const server = await startRecordingServer((request) => {
    const verdict = validate(request);
    verdicts.push(verdict);
    if (verdict.errors.length > 0) return { status: 400, body: { error_code: 'TEST.0400', error_msg: verdict.errors.join('; ') } };
    return respond(request, verdict);
  });
  return Object.assign(server, { verdicts });
}
