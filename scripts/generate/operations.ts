// Reads the operations of a bundled spec into the shape the renderers need.
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
      const where = `${specFile}: ${method.toUpperCase()} ${path}`;
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
            `${where}: parameter "${parameter.name}" has type ${JSON.stringify(schema.type)}; the generator handles string, integer, number and boolean parameters.`,
          );
        }
        parameters.push({
          name: parameter.name,
          in: parameter.in,
          required: parameter.required === true,
          type: schema.type,
          description: String(parameter.description ?? '').trim(),
        });
      }
      parameters.sort((a, b) => (a.in === b.in ? 0 : a.in === 'path' ? -1 : 1));
      const iam = operation['x-iam'];
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase() as Operation['method'],
        path,
        summary: String(operation.summary ?? '').trim(),
        parameters,
        usesProjectId,
        iamAction: typeof iam?.action === 'string' ? iam.action : null,
        iamAccessLevel: typeof iam?.accessLevel === 'string' ? iam.accessLevel : null,
      });
    }
  }
  return operations;
}

/** The spec's `servers`, each with the regions its `{region}` variable lists. */
export function listServers(document: OpenApiDocument, specFile: string): ServerTemplate[] {
  return (document.servers ?? []).map((server: any) => {
    const regions = server.variables?.region?.enum;
    if (!Array.isArray(regions) || !String(server.url).includes('{region}')) {
      throw new Error(`${specFile}: server ${server.url} needs a {region} variable with an enum of regions.`);
    }
    return { url: String(server.url), regions: regions.map(String) };
  });
}
