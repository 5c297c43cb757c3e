// The TypeScript sample shown for each operation in the docs (`x-codeSamples`),
// rendered from the operation's id, parameters, body example and `x-` extensions,
// never written by hand. Every sample is type-checked against the built package.
import { methodName, packageName, pascalCase } from '../generate/names.ts';
import type { Operation, OperationParameter, ServerTemplate } from '../generate/operations.ts';

function literal(parameter: OperationParameter, example: unknown): string {
  if (parameter.type === 'array') {
    const items = Array.isArray(example) && example.length > 0 ? example : [example];
    return `[${items.map((item) => scalarLiteral(parameter, parameter.items!, item)).join(', ')}]`;
  }
  return scalarLiteral(parameter, parameter.type, example);
}

function scalarLiteral(parameter: OperationParameter, type: string, example: unknown): string {
  if (parameter.enum && parameter.enum.length > 0) {
    const value = parameter.enum.includes(example as string | number) ? example : parameter.enum[0];
    return typeof value === 'number' ? String(value) : quote(String(value));
  }
  if (type === 'integer' || type === 'number') {
    return typeof example === 'number' ? String(example) : '1';
  }
  if (type === 'boolean') return typeof example === 'boolean' ? String(example) : 'true';
  return quote(typeof example === 'string' || typeof example === 'number' ? String(example) : `my-${parameter.name}`);
}

/** An object key as TypeScript writes it: bare when it can be (`task_id`), quoted otherwise (`'X-Language'`). */
function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : quote(name);
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** A value as a TypeScript literal: identifier keys bare, strings single-quoted, nested objects indented. */
export function tsLiteral(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => tsLiteral(item, inner));
    const flat = `[${items.join(', ')}]`;
    return flat.length <= 60 && !flat.includes('\n') ? flat : `[\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    const pairs = entries.map(([key, item]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key)}: ${tsLiteral(item, inner)}`);
    const flat = `{ ${pairs.join(', ')} }`;
    if (flat.length <= 60 && !flat.includes('\n')) return flat;
    return `{\n${pairs.map((pair) => `${inner}${pair},`).join('\n')}\n${indent}}`;
  }
  if (typeof value === 'string') return quote(value);
  return JSON.stringify(value);
}

/** A body with just the required properties, for a spec whose body has no example. */
function minimalValue(schema: any, name: string): unknown {
  if (!schema || typeof schema !== 'object') return `my-${name}`;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((item: string) => item !== 'null') : schema.type;
  if (type === 'integer' || type === 'number') return typeof schema.minimum === 'number' ? schema.minimum : 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [minimalValue(schema.items, name)];
  if (type === 'object' || schema.properties) {
    const out: Record<string, unknown> = {};
    for (const key of schema.required ?? []) out[key] = minimalValue(schema.properties?.[key], key);
    return out;
  }
  return `my-${name}`;
}

/** The generated functions an operation gives: its methods, its paginator and its waiter. */
export function functionsOf(operation: Operation): string[] {
  return [
    ...operation.callables.map((call) => methodName(call.name)),
    ...(operation.pagination ? [`paginate${operation.operationId}`] : []),
    ...(operation.waiter ? [`waitFor${operation.waiter.name}`] : []),
  ];
}

/** A complete, type-checked snippet: import, client creation, the call(s), error handling, paging, waiting. */
export function renderSample(
  service: string,
  operation: Operation,
  servers: ServerTemplate[],
  examples: Record<string, unknown>,
  /** The request body to show (one of the spec's body examples); default: the first. */
  bodyOverride?: { value: unknown },
): string {
  const Service = pascalCase(service);
  const client = methodName(Service);
  const region = servers[0]?.regions[0] ?? 'cn-north-4';
  const pagination = operation.pagination;
  const pagingParameters = new Set(
    pagination ? [pagination.offset, pagination.page, pagination.cursor].filter((name): name is string => typeof name === 'string') : [],
  );
  // A waiter asks for one task: it gets the required parameters and those that pick the task, no filters or paging.
  const identify = new Set(operation.waiter?.identify ?? []);
  const listParameters = new Set(operation.parameters.filter((parameter) => !parameter.required && !identify.has(parameter.name)).map((parameter) => parameter.name));
  const parameterEntries = operation.parameters.map((parameter) => [parameter.name, literal(parameter, examples[parameter.name])] as const);
  const bodyExample = operation.body ? (bodyOverride ? bodyOverride.value : (operation.body.example ?? minimalValue(operation.body.schema, 'body'))) : undefined;

  const argsOf = (fixed: Record<string, unknown>, skip: Set<string>, indent: string): string => {
    const parts = parameterEntries.filter(([name]) => !skip.has(name)).map(([name, value]) => `${key(name)}: ${value}`);
    if (bodyExample !== undefined) {
      const body = bodyExample !== null && typeof bodyExample === 'object' && !Array.isArray(bodyExample)
        ? Object.fromEntries(Object.entries(bodyExample as Record<string, unknown>).filter(([key]) => !(key in fixed)))
        : bodyExample;
      parts.push(`body: ${tsLiteral(body, `${indent}  `)}`);
    }
    if (parts.length === 0) return '';
    const flat = `{ ${parts.join(', ')} }`;
    return flat.length <= 80 && !flat.includes('\n') ? flat : `{\n${parts.map((part) => `${indent}  ${part},`).join('\n')}\n${indent}}`;
  };

  const imports = [`create${Service}Client`, 'fromEnv', 'ok'];
  if (pagination) imports.push(`paginate${operation.operationId}`);
  if (operation.waiter) imports.push(`waitFor${operation.waiter.name}`);

  const calls = operation.callables;
  const lines = [
    `import { ${imports.join(', ')} } from '${packageName(service)}';`,
    '',
    '// Reads HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_PROJECT_ID.',
    `const ${client} = create${Service}Client({ region: '${region}', ...fromEnv() });`,
    '',
  ];
  for (const [index, call] of calls.entries()) {
    const result = calls.length === 1 ? 'result' : `${methodName(call.name).replace(/TransferTask$|Task$/, '')}Result`;
    const fixed = Object.entries(call.fixed).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
    if (calls.length > 1) lines.push(`// ${call.summary}${fixed.length > 0 ? ` (the method sets ${fixed.join(', ')})` : ''}.`);
    lines.push(
      // ok(): the data of a 2xx, or a thrown ServiceError for anything else.
      `const ${result} = ok(await ${client}.${methodName(call.name)}(${argsOf(call.fixed, new Set(), '')}));`,
      `console.log(${result});`,
      '',
    );
  }
  if (pagination) {
    lines.push(
      `// Every entry of \`${pagination.items}\` of every page (${pagination.scheme} paging, from the spec's x-pagination); .byPage() gives the pages.`,
      `for await (const item of paginate${operation.operationId}(${client}, ${argsOf({}, pagingParameters, '') || '{}'})) {`,
      '  console.log(item);',
      '}',
      '',
    );
  }
  if (operation.waiter) {
    const target = Object.keys(operation.waiter.until)[0]!;
    lines.push(
      `// Polls until ${operation.waiter.status} reaches '${target}' (x-waiter); rejects with a WaiterError on a failure state or after 10 minutes.`,
      `const ${methodName(operation.waiter.name)} = await waitFor${operation.waiter.name}(${client}, ${argsOf({}, listParameters, '') || '{}'}, { until: '${target}', timeoutMs: 600_000 });`,
      `console.log(${methodName(operation.waiter.name)}.${operation.waiter.status});`,
      '',
    );
  }
  return lines.join('\n');
}
