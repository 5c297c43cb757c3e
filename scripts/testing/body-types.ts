// Compile-time checks of request bodies, derived from the spec: for every
// method that takes a body, the page's example compiles; the same body without
// one of its required properties does not; and a value outside an enum does
// not. All cases are compiled in one TypeScript program against the built
// package, as a user's strict project would compile them.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { tsLiteral } from '../docs/samples.ts';
import { listOperations } from '../generate/operations.ts';
import { methodName, packageName, pascalCase } from '../generate/names.ts';
import { findService } from '../services.ts';
import { bundleService, resolveRef, type OpenApiDocument } from '../spec.ts';

export interface BodyTypeCase {
  /** e.g. `createPullTask: without body.source_urls`. */
  name: string;
  /** Whether the case must compile. */
  compiles: boolean;
  source: string;
  errors: string[];
}

/** Paths (`['editing_settings', 'format']`) of enum-typed values the example sets, with the enum. */
function enumPaths(document: OpenApiDocument, schema: any, value: unknown, at: string[] = []): Array<{ at: string[]; values: unknown[] }> {
  const resolved = resolveRef<any>(document, schema);
  if (!resolved || typeof resolved !== 'object') return [];
  if (Array.isArray(resolved.enum) && value !== undefined) return [{ at, values: resolved.enum }];
  if (Array.isArray(value)) return value.length > 0 ? enumPaths(document, resolved.items, value[0], [...at, '0']) : [];
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
      enumPaths(document, resolved.properties?.[key], item, [...at, key]),
    );
  }
  return [];
}

function withValue(body: unknown, at: string[], value: unknown): unknown {
  const copy = structuredClone(body) as any;
  let node = copy;
  for (const step of at.slice(0, -1)) node = node[step];
  node[at.at(-1)!] = value;
  return copy;
}

function notIn(values: unknown[]): unknown {
  if (values.every((value) => typeof value === 'number')) return Math.max(...(values as number[])) + 1000;
  let candidate = 'NOT_A_LISTED_VALUE';
  while (values.includes(candidate)) candidate += '_';
  return candidate;
}

/** Builds and compiles the body cases of a service inside its package directory. */
export async function checkBodyTypes(serviceName: string, packageDir: string): Promise<BodyTypeCase[]> {
  const service = await findService(serviceName);
  const document = await bundleService(service);
  const Service = pascalCase(service.name);
  const cases: Array<Omit<BodyTypeCase, 'errors'>> = [];
  for (const operation of listOperations(document, service.specFile)) {
    if (!operation.body) continue;
    for (const method of operation.callables.map((callable) => ({ name: callable.name, body: callable.fixed }))) {
      const fn = methodName(method.name);
      const example = operation.body.example;
      if (example === null || typeof example !== 'object' || Array.isArray(example)) continue;
      const body = Object.fromEntries(Object.entries(example).filter(([key]) => !(key in method.body)));
      const args = operation.parameters
        .filter((parameter) => parameter.required)
        .map((parameter) => {
          const kind = parameter.items ?? parameter.type;
          const value = parameter.enum ? JSON.stringify(parameter.enum[0]) : kind === 'string' ? "'x'" : kind === 'boolean' ? 'true' : '1';
          return `${JSON.stringify(parameter.name)}: ${parameter.type === 'array' ? `[${value}]` : value}`;
        });
      const call = (value: unknown) =>
        [
          `import { create${Service}BareClient, ${fn} } from '${packageName(service.name)}';`,
          `const client = create${Service}BareClient({ region: 'cn-north-4' as never, projectId: 'p', credentials: { token: 't' } });`,
          `export const result = ${fn}(client, { ${[...args, `body: ${tsLiteral(value, '  ')}`].join(', ')} });`,
          '',
        ].join('\n');
      cases.push({ name: `${fn}: the spec's example`, compiles: true, source: call(body) });
      const schema = resolveRef<any>(document, operation.body.schema);
      for (const required of (schema.required ?? []) as string[]) {
        if (required in method.body || !(required in body)) continue;
        const without = { ...body };
        delete without[required];
        cases.push({ name: `${fn}: without body.${required}`, compiles: false, source: call(without) });
      }
      for (const found of enumPaths(document, schema, body)) {
        cases.push({ name: `${fn}: body.${found.at.join('.')} outside its enum`, compiles: false, source: call(withValue(body, found.at, notIn(found.values))) });
      }
    }
  }
  const dir = path.join(packageDir, '.body-types');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  try {
    const files = cases.map((item, index) => path.join(dir, `case-${index}.ts`));
    await Promise.all(cases.map((item, index) => writeFile(files[index]!, item.source)));
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    return cases.map((item, index) => ({
      ...item,
      errors: diagnostics
        .filter((diagnostic) => diagnostic.file?.fileName === files[index])
        .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')),
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Registers the body-types test of a package: the example compiles, the broken bodies do not. */
export function describeBodyTypes(service: string, packageDir: string): void {
  it('accepts each body example and refuses a missing required property or a value outside an enum', async () => {
    const cases = await checkBodyTypes(service, packageDir);
    for (const item of cases) {
      if (item.compiles) expect(item.errors, `${item.name}:\n${item.source}`).toEqual([]);
      else expect(item.errors.length, `${item.name} must not compile:\n${item.source}`).toBeGreaterThan(0);
    }
    const failing = cases.filter((item) => !item.compiles);
    if (cases.length > 0) expect(failing.length, 'a body with a required property or an enum gives negative cases').toBeGreaterThan(0);
  }, 120_000); // one tsc program over every case: seconds on a slow CI machine, never a timing assertion
}
