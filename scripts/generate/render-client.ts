// Renders the thin openapi-fetch wrapper (`packages/<svc>/src/index.ts`) of a service.
import type { OpenApiDocument } from '../spec.ts';
import { generatedHeader, methodName, packageName, pascalCase } from './names.ts';
import { listOperations, listServers, type Operation } from './operations.ts';

export const clientGenerator = 'thin openapi-fetch wrapper';

function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/');
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function paramsTypeName(operation: Operation): string {
  return `${operation.operationId}Params`;
}

function rulesName(operation: Operation): string {
  return `${methodName(operation.operationId)}Rules`;
}

function renderParamsType(operation: Operation): string {
  const parts: string[] = [];
  const op = `operations[${quote(operation.operationId)}]['parameters']`;
  if (operation.parameters.some((parameter) => parameter.in === 'path')) {
    parts.push(
      operation.usesProjectId ? `Omit<${op}['path'], 'project_id'>` : `${op}['path']`,
    );
  }
  if (operation.parameters.some((parameter) => parameter.in === 'query')) {
    parts.push(`NonNullable<${op}['query']>`);
  }
  const type = parts.length > 0 ? parts.join(' & ') : 'Record<string, never>';
  const listed = operation.parameters.map((parameter) => `\`${parameter.name}\``).join(', ');
  return [
    `/** Parameters of \`${methodName(operation.operationId)}\` (${operation.operationId})${listed ? `: ${listed}` : ''}. */`,
    `export type ${paramsTypeName(operation)} = ${type};`,
  ].join('\n');
}

function renderRules(operation: Operation): string {
  const lines = operation.parameters.map((parameter) => {
    const required = parameter.required ? ', required: true' : '';
    return `  ${parameter.name}: { in: '${parameter.in}', type: '${parameter.type}'${required} },`;
  });
  return [`const ${rulesName(operation)}: ParameterRules = {`, ...lines, '};'].join('\n');
}

function renderMethod(operation: Operation): string {
  const name = methodName(operation.operationId);
  const pathNames = operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
  const queryNames = operation.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
  const pathEntries = [...(operation.usesProjectId ? ['project_id: projectId'] : []), ...pathNames];
  const paramsParts: string[] = [];
  if (pathEntries.length > 0) paramsParts.push(`path: { ${pathEntries.join(', ')} }`);
  if (queryNames.length > 0) paramsParts.push(`query: { ${queryNames.join(', ')} }`);
  const allNames = [...pathNames, ...queryNames];
  const iam = operation.iamAction
    ? ` · IAM action \`${operation.iamAction}\`${operation.iamAccessLevel ? ` (${operation.iamAccessLevel})` : ''}`
    : '';
  const signature =
    allNames.length > 0
      ? `${name}(params: ${paramsTypeName(operation)}, init?: CallOptions)`
      : `${name}(params: ${paramsTypeName(operation)} = {}, init?: CallOptions)`;
  return [
    '    /**',
    `     * ${docText(operation.summary)}.`,
    '     *',
    `     * \`${operation.method} ${operation.path}\`${iam}`,
    '     */',
    `    ${signature} {`,
    `      checkParameters(${quote(operation.operationId)}, ${rulesName(operation)}, params);`,
    ...(allNames.length > 0 ? [`      const { ${allNames.join(', ')} } = params;`] : []),
    `      return raw.${operation.method}(${quote(operation.path)}, {`,
    '        ...init,',
    `        params: { ${paramsParts.join(', ')} },`,
    '      });',
    '    },',
  ].join('\n');
}

function exampleCall(operation: Operation | undefined): string[] {
  if (!operation) return [];
  const args = operation.parameters
    .filter((parameter) => parameter.required)
    .map((parameter) => `${parameter.name}: ${parameter.type === 'string' ? "'…'" : '1'}`)
    .join(', ');
  return [` * const { data, error } = await client.${methodName(operation.operationId)}({ ${args} });`];
}

export function renderClient(service: string, document: OpenApiDocument, specFile: string): string {
  const Service = pascalCase(service);
  const operations = listOperations(document, specFile);
  const servers = listServers(document, specFile);
  const title = String(document.info?.title ?? Service);
  const firstRegion = servers[0]?.regions[0] ?? 'cn-north-4';
  const serversName = `${methodName(Service)}Servers`;

  const serverLines = servers.map(
    (server) => `  { url: ${quote(server.url)}, regions: [${server.regions.map(quote).join(', ')}] },`,
  );

  return [
    generatedHeader(specFile, clientGenerator),
    "import createClient from 'openapi-fetch';",
    'import {',
    '  checkParameters,',
    '  createClientConfig,',
    '  type CallOptions,',
    '  type ClientOptions,',
    '  type ParameterRules,',
    '  type ServerEntry,',
    "} from '@huaweicloud-openapi/core';",
    "import type { operations, paths } from './schema.js';",
    '',
    "export type { components, operations, paths } from './schema.js';",
    "export { fromEnv, InvalidInputError, normalizeError, RequestFailedError, ServiceError, type CallOptions } from '@huaweicloud-openapi/core';",
    '',
    `/** Hosts of ${docText(title)} by region, from the spec's \`servers\`. */`,
    `export const ${serversName} = [`,
    ...serverLines,
    '] as const satisfies readonly ServerEntry[];',
    '',
    `/** A region with a known ${docText(title)} endpoint. */`,
    `export type ${Service}Region = (typeof ${serversName})[number]['regions'][number];`,
    '',
    `/** Options of {@link create${Service}Client}: \`region\` or \`endpoint\`, \`projectId\`, \`credentials\`, optional \`fetch\`. */`,
    `export type ${Service}ClientOptions = ClientOptions<${Service}Region>;`,
    '',
    ...operations.flatMap((operation) => [renderParamsType(operation), '']),
    ...operations.flatMap((operation) => [renderRules(operation), '']),
    '/**',
    ` * Creates a typed client for ${docText(title)}.`,
    ' *',
    ' * @example',
    ` * const client = create${Service}Client({ region: '${firstRegion}', projectId, credentials: { token } });`,
    ...exampleCall(operations[0]),
    ' */',
    `export function create${Service}Client(options: ${Service}ClientOptions) {`,
    `  const { baseUrl, fetch, projectId } = createClientConfig(${quote(service)}, ${serversName}, options);`,
    '  const raw = createClient<paths>({ baseUrl, fetch });',
    '  return {',
    '    /** The underlying openapi-fetch client: middleware, and calls the methods below do not cover. */',
    '    raw,',
    '',
    operations.map(renderMethod).join('\n\n'),
    '  };',
    '}',
    '',
    `/** A client for ${docText(title)}, as returned by {@link create${Service}Client}. */`,
    `export type ${Service}Client = ReturnType<typeof create${Service}Client>;`,
    '',
  ].join('\n');
}
