// The TypeScript sample shown for each operation in the docs (`x-codeSamples`),
// rendered from the operation's id and parameters, never written by hand.
import { methodName, packageName, pascalCase } from '../generate/names.ts';
import type { Operation, OperationParameter, ServerTemplate } from '../generate/operations.ts';

function literal(parameter: OperationParameter, example: unknown): string {
  if (parameter.type === 'integer' || parameter.type === 'number') {
    return typeof example === 'number' ? String(example) : '1';
  }
  if (parameter.type === 'boolean') return typeof example === 'boolean' ? String(example) : 'true';
  return JSON.stringify(typeof example === 'string' || typeof example === 'number' ? String(example) : `my-${parameter.name}`).replace(/"/g, "'");
}

/** A complete, type-checked snippet: import, client creation, the call, error handling. */
export function renderSample(
  service: string,
  operation: Operation,
  servers: ServerTemplate[],
  examples: Record<string, unknown>,
): string {
  const Service = pascalCase(service);
  const client = methodName(Service);
  const region = servers[0]?.regions[0] ?? 'cn-north-4';
  const args = operation.parameters.map((parameter) => `${parameter.name}: ${literal(parameter, examples[parameter.name])}`);
  const call = args.length > 0 ? `{ ${args.join(', ')} }` : '';
  return [
    `import { create${Service}Client, fromEnv, normalizeError } from '${packageName(service)}';`,
    '',
    '// Reads HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_PROJECT_ID.',
    `const ${client} = create${Service}Client({ region: '${region}', ...fromEnv() });`,
    '',
    `const result = await ${client}.${methodName(operation.operationId)}(${call});`,
    'const failure = normalizeError(result);',
    'if (failure) throw failure;',
    'console.log(result.response.status, result.data);',
    '',
  ].join('\n');
}
