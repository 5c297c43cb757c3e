// Reads the operations of a bundled spec into the shape the renderers need.
import { locate } from '../spec-source.ts';
import { resolveRef, type OpenApiDocument } from '../spec.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
const PARAMETER_TYPES = new Set(['string', 'integer', 'number', 'boolean']);

/** Path parameter every Huawei Cloud project-level API has; clients fill it from options. */
export const PROJECT_ID = 'project_id';

export interface OperationParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  type: 'string' | 'integer' | 'number' | 'boolean';
  description: string;
  /** Allowed values, when the spec lists them. */
  enum?: Array<string | number>;
}

/** The JSON request body of an operation. */
export interface OperationBody {
  required: boolean;
  /** The body's schema, resolved (its `$ref` target when it has one). */
  schema: any;
  /** Name of the components schema the body refers to, when it refers to one. */
  schemaName: string | null;
  /** The first example the spec gives for the body. */
  example: unknown;
}

/** `x-pagination` of a list operation (see specs/README.md). */
export interface Pagination {
  scheme: 'offset' | 'page' | 'cursor';
  items: string;
  [key: string]: string | number;
}

/** `x-waiter` of a show or list operation (see specs/README.md). */
export interface Waiter {
  name: string;
  resource: string;
  status: string;
  until: Record<string, { success: string[]; failure: string[] }>;
  pending?: string[];
  /** Parameters that pick the task (a list filtered by id): the waiter requires them even where the operation does not. */
  identify?: string[];
}

/** One entry of `x-client-methods`: a named method that fixes some body properties. */
export interface ClientMethod {
  name: string;
  summary: string;
  body: Record<string, unknown>;
}

export interface Operation {
  operationId: string;
  method: Uppercase<(typeof METHODS)[number]>;
  path: string;
  summary: string;
  /** Parameters the caller passes (everything but project_id), path first, in spec order. */
  parameters: OperationParameter[];
  /** Whether the path has a {project_id} filled from the client options. */
  usesProjectId: boolean;
  iamAction: string | null;
  iamAccessLevel: string | null;
  body: OperationBody | null;
  pagination: Pagination | null;
  waiter: Waiter | null;
  /** Named methods that replace the operation's own (`x-client-methods`); empty for most. */
  clientMethods: ClientMethod[];
}

export interface ServerTemplate {
  url: string;
  regions: string[];
}

/** Every operation of a bundled spec, in path and method order. */
export function listOperations(document: OpenApiDocument, specFile: string): Operation[] {
  const operations: Operation[] = [];
  for (const [path, pathItem] of Object.entries<any>(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      /** `file:line:col: GET /path` of the operation, or of one of its keys. */
      const where = (...keys: Array<string | number>) => `${locate(document, ['paths', path, method, ...keys]) ?? specFile}: ${method.toUpperCase()} ${path}`;
      const merged = new Map<string, any>();
      for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
        const parameter = resolveRef<any>(document, raw);
        merged.set(`${parameter.in}:${parameter.name}`, parameter);
      }
      const parameters: OperationParameter[] = [];
      let usesProjectId = false;
      for (const parameter of merged.values()) {
        if (parameter.in === 'header' || parameter.in === 'cookie') continue;
        if (parameter.in === 'path' && parameter.name === PROJECT_ID) {
          usesProjectId = true;
          continue;
        }
        const schema = resolveRef<any>(document, parameter.schema ?? {});
        if (!PARAMETER_TYPES.has(schema.type)) {
          throw new Error(
            `${where('parameters')}: parameter "${parameter.name}" has type ${JSON.stringify(schema.type)}; the generator handles string, integer, number and boolean parameters.`,
          );
        }
        parameters.push({
          name: parameter.name,
          in: parameter.in,
          required: parameter.required === true,
          type: schema.type,
          description: String(parameter.description ?? '').trim(),
          ...(Array.isArray(schema.enum) ? { enum: schema.enum } : {}),
        });
      }
      parameters.sort((a, b) => (a.in === b.in ? 0 : a.in === 'path' ? -1 : 1));
      const iam = operation['x-iam'];
      const body = readBody(document, operation, where('requestBody'));
      const pagination = readPagination(operation['x-pagination'], parameters, where('x-pagination'));
      const waiter = readWaiter(operation['x-waiter'], parameters, where('x-waiter'));
      const clientMethods = readClientMethods(operation['x-client-methods'], body, where('x-client-methods'));
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase() as Operation['method'],
        path,
        summary: String(operation.summary ?? '').trim(),
        parameters,
        usesProjectId,
        iamAction: typeof iam?.action === 'string' ? iam.action : null,
        iamAccessLevel: typeof iam?.accessLevel === 'string' ? iam.accessLevel : null,
        body,
        pagination,
        waiter,
        clientMethods,
      });
    }
  }
  return operations;
}

/** The spec's `servers`, each with the regions its `{region}` variable lists. */
export function listServers(document: OpenApiDocument, specFile: string): ServerTemplate[] {
  return (document.servers ?? []).map((server: any, index: number) => {
    const regions = server.variables?.region?.enum;
    if (!Array.isArray(regions) || !String(server.url).includes('{region}')) {
      throw new Error(`${locate(document, ['servers', index]) ?? specFile}: server ${server.url} needs a {region} variable with an enum of regions.`);
    }
    return { url: String(server.url), regions: regions.map(String) };
  });
}

function readBody(document: OpenApiDocument, operation: any, where: string): OperationBody | null {
  if (!operation.requestBody) return null;
  const requestBody = resolveRef<any>(document, operation.requestBody);
  const media = requestBody.content?.['application/json'];
  if (!media) {
    throw new Error(`${where}: the request body needs an application/json schema; the generator handles JSON bodies.`);
  }
  const ref = typeof media.schema?.$ref === 'string' ? media.schema.$ref : null;
  const schemaName = ref?.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : null;
  const firstExample =
    media.example !== undefined ? media.example : resolveRef<any>(document, Object.values<any>(media.examples ?? {})[0])?.value;
  return {
    required: requestBody.required === true,
    schema: resolveRef<any>(document, media.schema ?? {}),
    schemaName,
    example: firstExample,
  };
}

const SCHEME_KEYS: Record<Pagination['scheme'], string[]> = {
  offset: ['offset', 'limit'],
  page: ['page', 'size'],
  cursor: ['cursor'],
};

function readPagination(raw: any, parameters: OperationParameter[], where: string): Pagination | null {
  if (raw === undefined) return null;
  const scheme = raw?.scheme as Pagination['scheme'];
  if (!SCHEME_KEYS[scheme] || typeof raw.items !== 'string') {
    throw new Error(`${where}: x-pagination needs scheme (offset, page or cursor) and items (the body property holding the page's items).`);
  }
  for (const key of [...SCHEME_KEYS[scheme], ...(scheme === 'cursor' && raw.limit ? ['limit'] : [])]) {
    const name = raw[key];
    if (!parameters.some((parameter) => parameter.in === 'query' && parameter.name === name)) {
      throw new Error(`${where}: x-pagination.${key} must name a query parameter of the operation; got ${JSON.stringify(name)}.`);
    }
  }
  return { ...raw };
}

function readWaiter(raw: any, parameters: OperationParameter[], where: string): Waiter | null {
  if (raw === undefined) return null;
  const until = raw?.until;
  const valid =
    typeof raw?.name === 'string' &&
    /^[A-Z][A-Za-z0-9]*$/.test(raw.name) &&
    typeof raw.resource === 'string' &&
    typeof raw.status === 'string' &&
    until &&
    typeof until === 'object' &&
    Object.keys(until).length > 0 &&
    Object.values<any>(until).every((target) => Array.isArray(target?.success) && target.success.length > 0 && Array.isArray(target?.failure ?? []));
  if (!valid) {
    throw new Error(`${where}: x-waiter needs name (PascalCase), resource, status and until: { <target>: { success: [...], failure: [...] } }.`);
  }
  const targets: Waiter['until'] = {};
  for (const [name, target] of Object.entries<any>(until)) {
    targets[name] = { success: target.success.map(String), failure: (target.failure ?? []).map(String) };
  }
  const identify = raw.identify ?? [];
  const names = new Set(parameters.map((parameter) => parameter.name));
  if (!Array.isArray(identify) || identify.some((name: unknown) => typeof name !== 'string' || !names.has(name))) {
    throw new Error(`${where}: x-waiter.identify must list parameters of the operation (${[...names].join(', ') || 'it has none'}); got ${JSON.stringify(raw.identify)}.`);
  }
  return {
    name: raw.name,
    resource: raw.resource,
    status: raw.status,
    until: targets,
    ...(raw.pending ? { pending: raw.pending.map(String) } : {}),
    ...(identify.length > 0 ? { identify: identify.map(String) } : {}),
  };
}

function readClientMethods(raw: any, body: OperationBody | null, where: string): ClientMethod[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length === 0 || !body) {
    throw new Error(`${where}: x-client-methods must be a non-empty list, on an operation with a JSON request body.`);
  }
  return raw.map((entry: any) => {
    if (typeof entry?.name !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(entry.name) || typeof entry.body !== 'object') {
      throw new Error(`${where}: each x-client-methods entry needs a PascalCase name and the body properties it fixes.`);
    }
    for (const property of Object.keys(entry.body)) {
      if (!body.schema.properties?.[property]) {
        throw new Error(`${where}: x-client-methods ${entry.name} fixes body.${property}, which the body schema does not have.`);
      }
    }
    return { name: entry.name, summary: String(entry.summary ?? entry.name), body: entry.body };
  });
}
