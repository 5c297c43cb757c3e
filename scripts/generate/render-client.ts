// Renders the thin openapi-fetch wrapper (`packages/<svc>/src/index.ts`) of a service:
// a bare client, one exported function per operation (so a bundler keeps only
// the operations an app calls), paginators and waiters from the spec's `x-`
// extensions, and the full client with a method per operation.
import { locate } from '../spec-source.ts';
import type { OpenApiDocument } from '../spec.ts';
import { bodyShape, renderLiteral, withoutProperties } from './body-shape.ts';
import { docText, firstSentence } from './doc-text.ts';
import { generatedHeader, methodName, pascalCase } from './names.ts';
import { listCallables, listOperations, listServers, type Callable, type Operation } from './operations.ts';

export const clientGenerator = 'operation functions over @huaweicloud-openapi/core';

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `Page['task_array'][0]` for a path like `task_array[0]`, every step made non-nullable. */
function typeAtPath(base: string, path: string): string {
  if (path === '') return base;
  let type = base;
  for (const step of path.split(/\.|(?=\[)/)) {
    type = /^\[\d+\]$/.test(step) ? `NonNullable<${type}>[number]` : `NonNullable<${type}>[${quote(step)}]`;
  }
  return `NonNullable<${type}>`;
}

function renderTypes(callable: Callable): string {
  const { operation, name } = callable;
  const op = `operations[${quote(operation.operationId)}]`;
  const parts: string[] = [];
  if (operation.parameters.some((parameter) => parameter.in === 'path')) {
    parts.push(operation.usesProjectId ? `Omit<${op}['parameters']['path'], 'project_id'>` : `${op}['parameters']['path']`);
  }
  if (operation.parameters.some((parameter) => parameter.in === 'query')) {
    parts.push(`NonNullable<${op}['parameters']['query']>`);
  }
  const lines: string[] = [];
  const fixedNames = Object.keys(callable.fixed);
  if (operation.body) {
    const full = `NonNullable<${op}['requestBody']>['content']['application/json']`;
    const type = fixedNames.length > 0 ? `Omit<${full}, ${fixedNames.map(quote).join(' | ')}>` : full;
    const fixedNote = fixedNames.length > 0 ? ` (without ${fixedNames.map((item) => `\`${item}\``).join(', ')}, which \`${methodName(name)}\` sets)` : '';
    lines.push(`/** Request body of \`${methodName(name)}\`${fixedNote}. */`, `export type ${name}Body = ${type};`, '');
    parts.push(`{ body${operation.body.required ? '' : '?'}: ${name}Body }`);
  }
  const listed = [...operation.parameters.map((parameter) => `\`${parameter.name}\``), ...(operation.body ? ['`body`'] : [])].join(', ');
  lines.push(
    `/** Parameters of \`${methodName(name)}\` (${name})${listed ? `: ${listed}` : ''}. */`,
    `export type ${name}Params = ${parts.length > 0 ? parts.join(' & ') : 'Record<string, never>'};`,
  );
  return lines.join('\n');
}

function renderRules(callable: Callable, document: OpenApiDocument): string {
  const { operation, name } = callable;
  const lines = operation.parameters.map((parameter) => {
    const required = parameter.required ? ', required: true' : '';
    const values = parameter.enum ? `, enum: ${renderLiteral(parameter.enum)}` : '';
    return `  ${parameter.name}: { in: '${parameter.in}', type: '${parameter.type}'${required}${values} },`;
  });
  if (operation.body) lines.push(`  body: { in: 'body'${operation.body.required ? ', required: true' : ''} },`);
  const out = [`const ${methodName(name)}Rules: ParameterRules = {`, ...lines, '};'];
  if (operation.body) {
    const shape = withoutProperties(bodyShape(document, operation.body.schema), Object.keys(callable.fixed));
    out.push('', `const ${methodName(name)}Body: BodyShape = ${renderLiteral(shape)};`);
  }
  return out.join('\n');
}

function methodDoc(callable: Callable, indent: string): string[] {
  const { operation } = callable;
  const iam = operation.iamAction
    ? ` · IAM action \`${operation.iamAction}\`${operation.iamAccessLevel ? ` (${operation.iamAccessLevel})` : ''}`
    : '';
  const fixed = Object.entries(callable.fixed).map(([key, value]) => `\`${key}: ${JSON.stringify(value)}\``);
  return [
    `${indent}/**`,
    `${indent} * ${docText(callable.summary)}.`,
    `${indent} *`,
    `${indent} * \`${operation.method} ${operation.path}\`${fixed.length > 0 ? ` with body ${fixed.join(', ')}` : ''}${iam}`,
    `${indent} */`,
  ];
}

function hasRequiredInput(operation: Operation): boolean {
  return operation.parameters.some((parameter) => parameter.required) || operation.body?.required === true;
}

function renderFunction(callable: Callable, Service: string): string {
  const { operation, name } = callable;
  const fn = methodName(name);
  const pathNames = operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
  const queryNames = operation.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
  const pathEntries = [...(operation.usesProjectId ? ['project_id: client.projectId'] : []), ...pathNames];
  const paramsParts: string[] = [];
  if (pathEntries.length > 0) paramsParts.push(`path: { ${pathEntries.join(', ')} }`);
  if (queryNames.length > 0) paramsParts.push(`query: { ${queryNames.join(', ')} }`);
  const names = [...pathNames, ...queryNames, ...(operation.body ? ['body'] : [])];
  const paramsArg = hasRequiredInput(operation) ? `params: ${name}Params` : `params: ${name}Params = {}`;
  const fixed = Object.entries(callable.fixed).map(([key, value]) => `${key}: ${renderLiteral(value)} as const`);
  const bodyValue = fixed.length > 0 ? `body: { ...body, ${fixed.join(', ')} }` : 'body';
  const bodyCheck = !operation.body
    ? []
    : operation.body.required
      ? [`  checkBody(${quote(name)}, ${fn}Body, params.body);`]
      : [`  if (params.body !== undefined) checkBody(${quote(name)}, ${fn}Body, params.body);`];
  const sendSpec = [
    `method: '${operation.method}'`,
    `path: ${quote(operation.path)}`,
    ...(pathEntries.length > 0 ? [`pathParams: { ${pathEntries.join(', ')} }`] : []),
    ...(queryNames.length > 0 ? [`query: { ${queryNames.join(', ')} }`] : []),
    ...(operation.body ? [bodyValue] : []),
  ];
  return [
    `/** What \`${fn}\` resolves with: \`{ data }\` typed from the 2xx body, or \`{ error }\` from the others, and the Response. */`,
    `export type ${name}Result = FetchResponse<operations[${quote(operation.operationId)}], {}, \`\${string}/\${string}\`>;`,
    '',
    ...methodDoc(callable, ''),
    `export async function ${fn}(client: ${Service}BareClient, ${paramsArg}, init?: CallOptions): Promise<${name}Result> {`,
    `  checkParameters(${quote(name)}, ${fn}Rules, params);`,
    ...bodyCheck,
    ...(names.length > 0 ? [`  const { ${names.join(', ')} } = params;`] : []),
    `  return send(client, { ${sendSpec.join(', ')} }, init) as Promise<${name}Result>;`,
    '}',
  ].join('\n');
}

function renderPaginator(operation: Operation, Service: string): string {
  const pagination = operation.pagination!;
  const name = operation.operationId;
  const fn = methodName(name);
  const optional = hasRequiredInput(operation) ? '' : ' = {}';
  return [
    `/** One page of \`${fn}\`: the whole response body. */`,
    `export type ${name}Page = NonNullable<Awaited<ReturnType<typeof ${fn}>>['data']>;`,
    `/** One item of \`${fn}\`'s \`${pagination.items}\`. */`,
    `export type ${name}Item = ${typeAtPath(`${name}Page`, pagination.items)}[number];`,
    '',
    `const ${fn}Pagination: PaginationSpec = ${renderLiteral(pagination)};`,
    '',
    '/**',
    ` * Every item of \`${fn}\` across pages (${pagination.scheme} paging, from the spec's \`x-pagination\`);`,
    ' * `.byPage()` yields the pages instead. Stops after the last page; throws a ServiceError on an error answer.',
    ' *',
    ' * @example',
    ` * for await (const item of paginate${name}(client, {})) console.log(item);`,
    ' */',
    `export function paginate${name}(client: ${Service}BareClient, params: ${name}Params${optional}, options?: PaginateOptions): PagedIterable<${name}Item, ${name}Page> {`,
    `  return paginate(${quote(name)}, (page, init) => ${fn}(client, page, init), ${fn}Pagination, params, options);`,
    '}',
  ].join('\n');
}

function renderWaiter(operation: Operation, Service: string): string {
  const waiter = operation.waiter!;
  const fn = methodName(operation.operationId);
  const spec = { resource: waiter.resource, status: waiter.status, until: waiter.until, ...(waiter.identify ? { identify: waiter.identify } : {}) };
  const paramsType = waiter.identify
    ? `${operation.operationId}Params & Required<Pick<${operation.operationId}Params, ${waiter.identify.map(quote).join(' | ')}>>`
    : `${operation.operationId}Params`;
  const targets = Object.keys(waiter.until);
  const description = targets
    .map((target) => `\`${target}\`: ${waiter.until[target]!.success.join(', ')}${waiter.until[target]!.failure.length > 0 ? ` (fails on ${waiter.until[target]!.failure.join(', ')})` : ''}`)
    .join('; ');
  return [
    `/** What \`waitFor${waiter.name}\` resolves with: the task as \`${fn}\` reports it. */`,
    `export type ${waiter.name} = ${typeAtPath(`NonNullable<Awaited<ReturnType<typeof ${fn}>>['data']>`, waiter.resource)};`,
    '',
    `const ${methodName(waiter.name)}Waiter: WaiterSpec = ${renderLiteral(spec)};`,
    '',
    '/**',
    ` * Polls \`${fn}\` until the task's \`${waiter.status}\` reaches the target of \`until\` (${description}),`,
    ` * with growing delays; rejects with a WaiterError naming the state on a failure state, the timeout or \`signal\`.`,
    ' *',
    ' * @example',
    ` * const task = await waitFor${waiter.name}(client, { … }, { until: '${targets[0]}', timeoutMs: 600_000 });`,
    ' */',
    `export function waitFor${waiter.name}(client: ${Service}BareClient, params: ${paramsType}, options?: WaitOptions<${targets.map(quote).join(' | ')}>): Promise<${waiter.name}> {`,
    `  return waitFor(${quote(waiter.name)}, (init) => ${fn}(client, params, init), ${methodName(waiter.name)}Waiter, options${waiter.identify ? ', params' : ''});`,
    '}',
  ].join('\n');
}

function renderMethod(callable: Callable): string {
  const fn = methodName(callable.name);
  const paramsArg = hasRequiredInput(callable.operation) ? `params: ${callable.name}Params` : `params: ${callable.name}Params = {}`;
  return [...methodDoc(callable, '    '), `    ${fn}: (${paramsArg}, init?: CallOptions) => ${fn}(client, params, init),`].join('\n');
}

function schemaAliases(document: OpenApiDocument): string[] {
  const schemas = Object.entries<any>(document.components?.schemas ?? {});
  return schemas.flatMap(([name, schema]) => {
    const first = firstSentence(String(schema?.description ?? name));
    return [`/** ${docText(first)} */`, `export type ${name} = components['schemas'][${quote(name)}];`];
  });
}

/** Refuses a spec whose generated type names would collide (a waiter named like a schema, say). */
function assertDistinctNames(document: OpenApiDocument, callables: Callable[], paged: Operation[], waited: Operation[], specFile: string): void {
  const owners = new Map<string, string[]>();
  const add = (name: string, owner: string) => owners.set(name, [...(owners.get(name) ?? []), owner]);
  for (const name of Object.keys(document.components?.schemas ?? {})) add(name, `components.schemas.${name}`);
  for (const callable of callables) {
    for (const suffix of ['Params', 'Result', ...(callable.operation.body ? ['Body'] : [])]) add(`${callable.name}${suffix}`, `operation ${callable.name}`);
  }
  for (const operation of paged) for (const suffix of ['Page', 'Item']) add(`${operation.operationId}${suffix}`, `x-pagination of ${operation.operationId}`);
  for (const operation of waited) add(operation.waiter!.name, `x-waiter of ${operation.operationId}`);
  const clashes = [...owners].filter(([, list]) => list.length > 1);
  if (clashes.length > 0) {
    throw new Error(
      `${specFile}: these generated type names would clash: ${clashes.map(([name, list]) => `${name} (${list.join(', ')})`).join('; ')}. ` +
        'Rename the schema (e.g. add Info) or the x-waiter name.',
    );
  }
}

export function renderClient(service: string, document: OpenApiDocument, specFile: string): string {
  const Service = pascalCase(service);
  const operations = listOperations(document, specFile);
  const callables = listCallables(operations);
  // Core's checkParameters and send take path and query scalars only: refuse what this client would send wrong.
  for (const operation of operations) {
    const unsupported = operation.parameters.find((parameter) => parameter.in === 'header' || parameter.type === 'array');
    if (unsupported) {
      throw new Error(
        `${locate(document, unsupported.pointer.split('/').slice(1).map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'))) ?? specFile}: ${operation.method} ${operation.path}: ${unsupported.in} parameter "${unsupported.name}"${unsupported.type === 'array' ? ' is an array' : ''}; the clients do not send header or array parameters yet (core's invoke will).`,
      );
    }
  }
  const servers = listServers(document, specFile);
  const title = String(document.info?.title ?? Service);
  const firstRegion = servers[0]?.regions[0] ?? 'cn-north-4';
  const serversName = `${methodName(Service)}Servers`;
  const hasBody = operations.some((operation) => operation.body);
  const paged = operations.filter((operation) => operation.pagination);
  const waited = operations.filter((operation) => operation.waiter);
  const aliases = schemaAliases(document);
  assertDistinctNames(document, callables, paged, waited, specFile);

  const coreImports = [
    ...(hasBody ? ['checkBody'] : []),
    'checkParameters',
    'createClientConfig',
    ...(paged.length > 0 ? ['paginate'] : []),
    'send',
    ...(waited.length > 0 ? ['waitFor'] : []),
    'type BareClient',
    ...(hasBody ? ['type BodyShape'] : []),
    'type CallOptions',
    'type ClientOptions',
    ...(paged.length > 0 ? ['type PagedIterable', 'type PaginateOptions', 'type PaginationSpec'] : []),
    'type ParameterRules',
    'type ServerEntry',
    ...(waited.length > 0 ? ['type WaiterSpec', 'type WaitOptions'] : []),
  ];
  const reexports = [
    'fromEnv',
    'InvalidInputError',
    'normalizeError',
    ...(paged.length > 0 ? ['PaginationError'] : []),
    'RequestFailedError',
    'ServiceError',
    ...(waited.length > 0 ? ['WaiterError'] : []),
    'type CallOptions',
    ...(paged.length > 0 ? ['type PagedIterable', 'type PaginateOptions'] : []),
    ...(waited.length > 0 ? ['type WaitOptions'] : []),
  ];
  const serverLines = servers.map(
    (server) => `  { url: ${quote(server.url)}, regions: [${server.regions.map(quote).join(', ')}] },`,
  );
  const first = callables[0];
  const firstArgs = first
    ? [
        ...first.operation.parameters.filter((parameter) => parameter.required).map((parameter) => `${parameter.name}: ${parameter.type === 'string' ? "'…'" : '1'}`),
        ...(first.operation.body?.required ? ['body: { … }'] : []),
      ].join(', ')
    : '';

  return [
    generatedHeader(specFile, clientGenerator),
    "import createClient, { type FetchResponse } from 'openapi-fetch';",
    'import {',
    ...coreImports.map((item) => `  ${item},`),
    "} from '@huaweicloud-openapi/core';",
    `import type { ${aliases.length > 0 ? 'components, ' : ''}operations, paths } from './schema.js';`,
    '',
    "export type { components, operations, paths } from './schema.js';",
    `export { ${reexports.join(', ')} } from '@huaweicloud-openapi/core';`,
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
    ...(aliases.length > 0 ? ['// Named schemas of the spec (`components/schemas`).', '', ...aliases, ''] : []),
    `/** The smallest ${docText(title)} client: what the operation functions below take as their first argument. */`,
    `export type ${Service}BareClient = BareClient<${quote(service)}>;`,
    '',
    '/**',
    ` * Creates a bare ${docText(title)} client: pass it to the operation functions you import, and a bundler`,
    ' * keeps only those. Options are checked here; a bad one throws an InvalidInputError.',
    ' *',
    ' * @example',
    ` * const client = create${Service}BareClient({ region: '${firstRegion}', projectId, credentials: { token } });`,
    ...(first ? [` * const { data, error } = await ${methodName(first.name)}(client, ${firstArgs ? `{ ${firstArgs} }` : '{}'});`] : []),
    ' */',
    `export function create${Service}BareClient(options: ${Service}ClientOptions): ${Service}BareClient {`,
    `  return createClientConfig(${quote(service)}, ${serversName}, options);`,
    '}',
    '',
    ...callables.flatMap((callable) => [
      renderTypes(callable),
      '',
      renderRules(callable, document),
      '',
      renderFunction(callable, Service),
      '',
    ]),
    ...paged.flatMap((operation) => [renderPaginator(operation, Service), '']),
    ...waited.flatMap((operation) => [renderWaiter(operation, Service), '']),
    '/**',
    ` * Creates a typed client for ${docText(title)} with a method per operation. Every method returns a`,
    ' * promise of `{ data, error, response }` and never throws: bad input rejects it with an InvalidInputError',
    ' * before anything is sent.',
    ' *',
    ' * @example',
    ` * const client = create${Service}Client({ region: '${firstRegion}', projectId, credentials: { token } });`,
    ...(first ? [` * const { data, error } = await client.${methodName(first.name)}(${firstArgs ? `{ ${firstArgs} }` : ''});`] : []),
    ' */',
    `export function create${Service}Client(options: ${Service}ClientOptions) {`,
    `  const client = create${Service}BareClient(options);`,
    '  return {',
    '    ...client,',
    '    /** An openapi-fetch client over the same authenticated fetch: middleware, and calls the methods do not cover. */',
    '    raw: createClient<paths>({ baseUrl: client.baseUrl, fetch: client.fetch }),',
    '',
    callables.map(renderMethod).join('\n\n'),
    '  };',
    '}',
    '',
    `/** A client for ${docText(title)}, as returned by {@link create${Service}Client}. */`,
    `export type ${Service}Client = ReturnType<typeof create${Service}Client>;`,
    '',
  ].join('\n');
}
