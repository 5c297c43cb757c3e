// The test folder of the synthetic package: the spec-driven tests of a real
// package (packages/dis/test), copied as they are at the time of the run with
// the service's names swapped, so the benchmark measures the suites the
// packages run today, and a types test of the shape DIS's hand-written one has.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pascalCase } from '@huaweicloud-openapi/scripts/generate/names';
import { repoRoot } from '@huaweicloud-openapi/scripts/services';

/** The package whose tests are copied. */
export const MODEL_PACKAGE = 'dis';

/**
 * Its test files that are driven by the spec alone. `wire.test.ts`,
 * `aksk.test.ts` and `types.test-d.ts` are written by hand against DIS's own
 * operations; their cost does not grow with the number of operations.
 */
export const SPEC_DRIVEN_TESTS = ['operations.test.ts', 'body-types.test.ts', 'docs-samples.test.ts'];

/** `dis` → `synthetic`, `createDisClient` → `createSyntheticClient`, in code and comments. */
export function renameService(text: string, from: string, to: string): string {
  const From = pascalCase(from);
  const To = pascalCase(to);
  return text.replace(new RegExp(`\\b${from}\\b`, 'g'), to).replace(new RegExp(`${From}(?=[A-Z]|\\b)`, 'g'), To);
}

/**
 * A types test like DIS's `types.test-d.ts` for the synthetic service: a
 * required path parameter, the data and error types of `Show<Resource>`. With
 * vitest's typecheck it makes `vitest run` start tsc over the package, as every
 * real package's does.
 */
export function typesTest(service: string, showOperation: string, resource: string): string {
  const Service = pascalCase(service);
  const method = showOperation[0]!.toLowerCase() + showOperation.slice(1);
  const id = `${resource}_id`;
  return [
    "import { describe, expectTypeOf, it } from 'vitest';",
    `import type { components, ${Service}Client } from '../src/index.js';`,
    '',
    `declare const client: ${Service}Client;`,
    '',
    `describe('${Service} client types', () => {`,
    "  it('requires the path parameter', () => {",
    `    // @ts-expect-error ${id} is required`,
    `    void client.${method}({});`,
    `    expectTypeOf(client.${method}).parameter(0).toEqualTypeOf<{ ${id}: string }>();`,
    '  });',
    '',
    "  it('types the data and the error from the spec', async () => {",
    `    const { data, error } = await client.${method}({ ${id}: 'x' });`,
    `    expectTypeOf(data).toEqualTypeOf<components['schemas']['${pascalCase(resource)}Detail'] | undefined>();`,
    "    expectTypeOf(error).toEqualTypeOf<components['schemas']['ErrorResponse'] | undefined>();",
    '  });',
    '});',
    '',
  ].join('\n');
}

/** The files of `packages/<service>/test`, by name. */
export async function packageTestFiles(service: string, firstResource: string | undefined): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of SPEC_DRIVEN_TESTS) {
    const source = path.join(repoRoot, 'packages', MODEL_PACKAGE, 'test', name);
    const text = await readFile(source, 'utf8').catch(() => {
      throw new Error(`${source} is missing: update SPEC_DRIVEN_TESTS in bench/ops/package-tests.ts to the spec-driven tests packages/${MODEL_PACKAGE}/test has now.`);
    });
    files[name] = renameService(text, MODEL_PACKAGE, service);
  }
  if (firstResource) files['types.test-d.ts'] = typesTest(service, `Show${pascalCase(firstResource)}`, firstResource);
  return files;
}
