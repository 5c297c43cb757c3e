// Renders the thin openapi-fetch wrapper (`packages/<svc>/src/index.ts`) of a service:
// a bare client, one exported function per operation (so a bundler keeps only
// the operations an app calls), paginators and waiters from the spec's `x-`
// extensions, and the full client with a method per operation.
import { locate } from '../spec-source.ts';
import type { OpenApiDocument } from '../spec.ts';
import { docText, firstSentence } from './doc-text.ts';
import { generatedHeader, methodName, pascalCase } from './names.ts';
import { listCallables, listOperations, listServers, type Callable, type Operation } from './operations.ts';
import { buildShapeTable, operationInputs, quoteString, renderLiteral, renderShape, type InputShape, type ShapeTable } from './shapes.ts';

export const clientGenerator = 'operation functions over @huaweicloud-openapi/core';

const quote = quoteString;

/** Core's exports a shape may name: kinds and formats. */
const CORE_SHAPE_NAMES = new Set(['string', 'plainString', 'integer', 'number', 'boolean', 'array', 'object', 'anyJson', 'dateTime', 'date', 'uuid', 'uri']);

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
  if (operation.parameters.some((parameter) => parameter.in === 'header')) {
    parts.push(`NonNullable<${op}['parameters']['header']>`);
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
    `export type ${name}Params = ${parts.length > 0 ? `Input<${parts.join(' & ')}>` : 'Record<string, never>'};`,
  );
  return lines.join('\n');
}

/** The operation as data: what core's `invoke` checks the call against and sends. */
function renderOperationSpec(callable: Callable, service: string, table: ShapeTable, use: (identifier: string) => void): string {
  const { operation, name } = callable;
  const refer = (shape: string) => `shapes.${shape}`;
  const params = operation.parameters.map((parameter) => {
    const shape = renderShape(table.inputs.get(`${name}.${parameter.name}`)!, refer, use, '    ');
    const extra = `${parameter.required ? ', required: true' : ''}${parameter.in === 'query' && parameter.type === 'array' && !parameter.explode ? ', explode: false' : ''}`;
    return `    ${/^[A-Za-z_$][\w$]*$/.test(parameter.name) ? parameter.name : quote(parameter.name)}: { in: '${parameter.in}', shape: ${shape}${extra} },`;
  });
  const lines = [
    `const ${methodName(name)}Operation: OperationSpec = {`,
    `  service: ${quote(service)},`,
    `  id: ${quote(name)},`,
    `  method: '${operation.method}',`,
    `  path: ${quote(operation.path)},`,
    ...(params.length > 0 ? ['  params: {', ...params, '  },'] : []),
  ];
  if (operation.body) {
    const shape = renderShape(table.inputs.get(`${name}.body`)!, refer, use, '    ');
    const fixed = Object.keys(callable.fixed).length > 0 ? `, fixed: ${renderLiteral(callable.fixed, '  ')}` : '';
    use('checkBody');
    lines.push(`  body: { check: checkBody, shape: ${shape}${operation.body.required ? ', required: true' : ''}${fixed} },`);
  }
  const window = operation.timeWindow;
  if (window) {
    const fields = Object.entries(window).map(([key, value]) => `, ${key}: ${typeof value === 'string' ? quote(value) : String(value)}`);
    use('checkTimeWindow');
    lines.push(`  window: { check: checkTimeWindow${fields.join('')} },`);
  }
  lines.push('};');
  return lines.join('\n');
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
  const paramsArg = hasRequiredInput(operation) ? `params: ${name}Params` : `params: ${name}Params = {}`;
  return [
    `/** What \`${fn}\` resolves with: \`{ data }\` typed from the 2xx body, or \`{ error }\` from the others, and the Response. */`,
    `export type ${name}Result = FetchResponse<operations[${quote(operation.operationId)}], {}, \`\${string}/\${string}\`>;`,
    '',
    ...methodDoc(callable, ''),
    `export function ${fn}(client: ${Service}BareClient, ${paramsArg}, init?: CallOptions): Promise<${name}Result> {`,
    `  return invoke(client, ${fn}Operation, params, init) as Promise<${name}Result>;`,
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
    ` * Every entry of \`${pagination.items}\` in \`${fn}\`'s answers, across pages (${pagination.scheme} paging, from the spec's \`x-pagination\`)${operation.paginationItems ? ':' : '.'}`,
    ...(operation.paginationItems ? [` * ${docText(firstSentence(operation.paginationItems))}`] : []),
    ' * `.byPage()` yields the whole answers instead. Stops after the last page; throws a ServiceError on an error answer.',
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
  const spec = { resource: waiter.resource, status: waiter.status, until: waiter.until, ...(waiter.identify ? { identify: waiter.identify } : {}), ...(waiter.error ? { error: waiter.error } : {}) };
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
    ` * with growing delays; rejects with a WaiterError naming the state${waiter.error ? ' and the task\'s own error (`code`, `detail`)' : ''} on a failure state, the timeout or \`signal\`.`,
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
  return renderClientFiles(service, document, specFile).index;
}

/** A package's generated sources: `src/index.ts` (client and operations) and `src/shapes.ts` (what inputs may hold). */
export function renderClientFiles(service: string, document: OpenApiDocument, specFile: string): { index: string; shapes: string } {
  const Service = pascalCase(service);
  const operations = listOperations(document, specFile);
  const callables = listCallables(operations);
  const servers = listServers(document, specFile);
  const title = String(document.info?.title ?? Service);
  const firstRegion = servers[0]?.regions[0] ?? 'cn-north-4';
  const serversName = `${methodName(Service)}Servers`;
  const paged = operations.filter((operation) => operation.pagination);
  const waited = operations.filter((operation) => operation.waiter);
  const aliases = schemaAliases(document);
  assertDistinctNames(document, callables, paged, waited, specFile);
  const inputs = new Map<string, InputShape>();
  for (const operation of operations) for (const [key, input] of operationInputs(document, operation)) inputs.set(key, input);
  const table = buildShapeTable(document, inputs, CORE_SHAPE_NAMES);
  const indexUses = new Set<string>();
  const specs = new Map(callables.map((callable) => [callable, renderOperationSpec(callable, service, table, (name) => indexUses.add(name))]));
  const usesShapes = [...specs.values()].some((text) => text.includes('shapes.'));

  const coreImports = [
    ...[...indexUses].sort(),
    'akskSigner',
    'createClientConfig',
    'invoke',
    ...(paged.length > 0 ? ['paginate'] : []),
    ...(waited.length > 0 ? ['waitFor'] : []),
    'type BareClient',
    'type BareClientOptions',
    'type CallOptions',
    'type ClientOptions',
    ...(callables.some((callable) => callable.operation.parameters.length > 0 || callable.operation.body) ? ['type Input'] : []),
    'type OperationSpec',
    ...(paged.length > 0 ? ['type PagedIterable', 'type PaginateOptions', 'type PaginationSpec'] : []),
    'type ServerEntry',
    ...(waited.length > 0 ? ['type WaiterSpec', 'type WaitOptions'] : []),
  ];
  const reexports = [
    'akskSigner',
    'fromEnv',
    'InvalidInputError',
    'normalizeError',
    'ok',
    ...(paged.length > 0 ? ['PaginationError'] : []),
    'RequestFailedError',
    'ServiceError',
    ...(waited.length > 0 ? ['WaiterError'] : []),
    'type AkskSigner',
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

  const index = [
    generatedHeader(specFile, clientGenerator),
    "import createClient, { type FetchResponse } from 'openapi-fetch';",
    'import {',
    ...coreImports.map((item) => `  ${item},`),
    "} from '@huaweicloud-openapi/core';",
    `import type { ${aliases.length > 0 ? 'components, ' : ''}operations, paths } from './schema.js';`,
    ...(usesShapes ? ["import * as shapes from './shapes.js';"] : []),
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
    `/** Options of {@link create${Service}BareClient}: those of the full client, but an access key pair needs \`signer: akskSigner\` (or \`...fromEnv()\`). */`,
    `export type ${Service}BareClientOptions = BareClientOptions<${Service}Region>;`,
    '',
    ...(aliases.length > 0 ? ['// Named schemas of the spec (`components/schemas`).', '', ...aliases, ''] : []),
    `/** The smallest ${docText(title)} client: what the operation functions below take as their first argument. */`,
    `export type ${Service}BareClient = BareClient<${quote(service)}>;`,
    '',
    '/**',
    ` * Creates a bare ${docText(title)} client: pass it to the operation functions you import, and a bundler`,
    ' * keeps only those. Options are checked here; a bad one throws an InvalidInputError. With a token it',
    ' * carries no signer; AK/SK credentials need `signer: akskSigner` (`...fromEnv()` brings it).',
    ' *',
    ' * @example',
    ` * const client = create${Service}BareClient({ region: '${firstRegion}', projectId, credentials: { token } });`,
    ...(first ? [` * const { data, error } = await ${methodName(first.name)}(client, ${firstArgs ? `{ ${firstArgs} }` : '{}'});`] : []),
    ' */',
    `export function create${Service}BareClient(options: ${Service}BareClientOptions): ${Service}BareClient {`,
    `  return createClientConfig(${quote(service)}, ${serversName}, options);`,
    '}',
    '',
    ...callables.flatMap((callable) => [
      renderTypes(callable),
      '',
      specs.get(callable)!,
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
    `  const client: ${Service}BareClient = createClientConfig(${quote(service)}, ${serversName}, options, akskSigner);`,
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
  return { index, shapes: renderShapesFile(document, specFile, table) };
}

/** `src/shapes.ts`: the named shapes, each once, dependencies first; a reference to one not yet defined (recursion) is lazy. */
function renderShapesFile(document: OpenApiDocument, specFile: string, table: ShapeTable): string {
  const defined = new Set<string>();
  const uses = new Set<string>();
  const refer = (name: string) => (defined.has(name) ? name : `() => ${name}`);
  const constants: string[] = [];
  for (const [name, expr] of table.definitions) {
    const schema = document.components?.schemas?.[name];
    const doc = schema ? docText(firstSentence(String(schema.description ?? name))) : 'A shape several inputs share.';
    const code = renderShape(expr, refer, (identifier) => uses.add(identifier));
    constants.push(`/** ${doc} */`, `export const ${name}: Shape = ${code};`, '');
    defined.add(name);
  }
  return [
    generatedHeader(specFile, clientGenerator),
    '// What each request-side schema may hold, as core checks it before sending: one constant per',
    '// component schema an input reaches and per shape several inputs share, each written once.',
    ...(constants.length > 0
      ? [`import { ${[...[...uses].sort(), 'type Shape'].join(', ')} } from '@huaweicloud-openapi/core';`, '', ...constants]
      : ['export {};', '']),
  ].join('\n');
}
