// A recording server on 127.0.0.1 that validates every request against the
// bundled spec with a JSON Schema validator (Ajv, draft 2020-12, as OpenAPI 3.1
// uses): the operation by method and path, path, query and header parameters (types,
// enums, ranges, unknown names) and the JSON body. Independent of the client's
// own generated checks, so a property test can trust its verdict.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { listOperations, type OperationParameter } from '../generate/operations.ts';
import type { OpenApiDocument } from '../spec.ts';
import { startRecordingServer, type RecordedRequest, type RecordingServer, type Reply } from './recording-server.ts';

export interface RequestVerdict {
  operationId: string | undefined;
  errors: string[];
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
    parameters: Array<OperationParameter & { validate: ValidateFunction }>;
    body: { required: boolean; validate: ValidateFunction } | undefined;
  }
  // The operation model says where each parameter and body schema sits; the validator compiles them from there.
  const routes: Route[] = listOperations(document, 'spec').map((operation) => {
    const names: string[] = [];
    const pattern = new RegExp(
      `^${operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      })}$`,
    );
    return {
      operationId: operation.operationId,
      method: operation.method,
      pattern,
      names,
      parameters: operation.parameters.map((parameter) => ({ ...parameter, validate: compile(`${parameter.pointer}/schema`) })),
      body: operation.body ? { required: operation.body.required, validate: compile(operation.body.pointer) } : undefined,
    };
  });

  function coerce(value: string, type: string | undefined): unknown {
    if (type === 'integer' || type === 'number') return value.trim() === '' ? value : Number(value);
    if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
    return value;
  }

  /** A parameter's value as sent: one path segment, one or repeated query keys, or a header. */
  function received(request: RecordedRequest, parameter: OperationParameter, pathValues: Record<string, string>): unknown {
    const scalar = parameter.type === 'array' ? parameter.items : parameter.type;
    if (parameter.in === 'path') return pathValues[parameter.name] === undefined ? undefined : coerce(pathValues[parameter.name]!, scalar);
    if (parameter.in === 'header') {
      const header = request.headers[parameter.name.toLowerCase()];
      if (header === undefined) return undefined;
      const text = Array.isArray(header) ? header.join(',') : header;
      return parameter.type === 'array' ? text.split(',').map((item) => coerce(item.trim(), scalar)) : coerce(text, scalar);
    }
    const values = request.query.getAll(parameter.name);
    if (values.length === 0) return undefined;
    if (parameter.type !== 'array') return values.length === 1 ? coerce(values[0]!, scalar) : values;
    return (parameter.explode ? values : values.flatMap((value) => value.split(','))).map((value) => coerce(value, scalar));
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
      const value = received(request, parameter, pathValues);
      if (value === undefined) {
        if (parameter.required) errors.push(`${parameter.in} parameter ${parameter.name} is missing`);
        continue;
      }
      if (!parameter.validate(value)) {
        errors.push(`${parameter.in} parameter ${parameter.name}=${JSON.stringify(value)}: ${ajv.errorsText(parameter.validate.errors)}`);
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
