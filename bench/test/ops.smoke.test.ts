// The per-operation benchmark's synthetic service at 3 and 6 operations (the
// full run is `pnpm bench:ops`, never part of the tests). Only the spec is
// checked here — it lints clean with the house rules and bundles, in the split
// layout, with as many callables as asked — because the measured run itself
// needs a workspace copy, an install and a TypeScript build before its first
// test: a minute or more at any N, too much for every `pnpm test`.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations } from '@huaweicloud-openapi/scripts/generate/operations';
import { renderClient } from '@huaweicloud-openapi/scripts/generate/render-client';
import { repoRoot, type Service } from '@huaweicloud-openapi/scripts/services';
import { bundleService, formatProblem, lintService, type OpenApiDocument } from '@huaweicloud-openapi/scripts/spec';
import { renameService, SPEC_DRIVEN_TESTS, typesTest } from '../ops/package-tests.ts';
import { SERVICE, syntheticService } from '../ops/synthetic.ts';
import { benchEnv } from '../workspace.ts';

const SEED = 20261125;
const roots: string[] = [];

/** A folder with what linting needs (redocly.yaml, the house rules, specs/common) and the synthetic spec of `n` operations. */
async function specRoot(n: number): Promise<{ root: string; service: Service; files: Record<string, string> }> {
  const root = await mkdtemp(path.join(tmpdir(), `hcopenapi-ops-smoke-${n}-`));
  roots.push(root);
  await cp(path.join(repoRoot, 'specs', 'common'), path.join(root, 'specs', 'common'), { recursive: true });
  await cp(path.join(repoRoot, 'scripts', 'lint'), path.join(root, 'scripts', 'lint'), { recursive: true });
  const redocly = parse(await readFile(path.join(repoRoot, 'redocly.yaml'), 'utf8'));
  redocly.apis = { [SERVICE]: { root: `specs/${SERVICE}/openapi.yaml` } };
  await writeFile(path.join(root, 'redocly.yaml'), stringify(redocly));
  const { files } = syntheticService(n, SEED);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  const specFile = `specs/${SERVICE}/openapi.yaml`;
  return { root, files, service: { name: SERVICE, specFile, specPath: path.join(root, specFile) } };
}

function callables(document: OpenApiDocument): string[] {
  return listOperations(document, 'spec').flatMap((operation) =>
    operation.clientMethods.length > 0 ? operation.clientMethods.map((method) => method.name) : [operation.operationId],
  );
}

afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

it('generates the same files from the same seed, and others from another seed', () => {
  expect(syntheticService(6, 1).files).toEqual(syntheticService(6, 1).files);
  expect(syntheticService(6, 1).files).not.toEqual(syntheticService(6, 2).files);
});

describe.each([3, 6])('the synthetic service of %i operations', (n) => {
  let spec: Awaited<ReturnType<typeof specRoot>>;
  beforeAll(async () => {
    spec = await specRoot(n);
  });

  it('lints clean (recommended-strict and the house rules) and bundles with N callables', async () => {
    const problems = await lintService(spec.service, spec.root);
    expect(problems.map(formatProblem)).toEqual([]);
    const document = await bundleService(spec.service, spec.root);
    expect(callables(document)).toHaveLength(n);
  }, 60_000);

  it('is in the split layout: a table of contents, a file per path item, models per group', () => {
    const toc = parse(spec.files[`specs/${SERVICE}/openapi.yaml`]!);
    expect(Object.keys(toc.components)).toEqual(['securitySchemes']);
    expect(toc.components.securitySchemes.aksk).toEqual({ $ref: '../common/security.yaml#/aksk' });
    expect(toc.servers[0].variables.region.enum.length).toBeGreaterThan(1);
    for (const item of Object.values<any>(toc.paths)) {
      expect(Object.keys(item)).toEqual(['$ref']);
      expect(item.$ref).toMatch(/^[a-z-]+\/[a-z-]+\.yaml$/);
      expect(spec.files[`specs/${SERVICE}/${item.$ref}`]).toBeDefined();
      expect(spec.files[`specs/${SERVICE}/${path.dirname(item.$ref)}/models.yaml`]).toBeDefined();
    }
  });
});

it('is one sequence: the service of 3 operations is the start of the one of 30, which has every shape the real specs have', async () => {
  const large = await specRoot(30);
  const document = await bundleService(large.service, large.root);
  const operations = listOperations(document, 'spec');
  const small = syntheticService(3, SEED).files;
  for (const [file, methods] of [['streams.yaml', ['post', 'get']], ['stream.yaml', ['get']]] as const) {
    const [before, after] = [small, large.files].map((files) => parse(files[`specs/${SERVICE}/streams/${file}`]!));
    for (const method of methods) expect(after[method]).toEqual(before[method]);
  }
  expect(callables(document)).toHaveLength(30);
  expect(new Set(operations.flatMap((operation) => (operation.pagination ? [operation.pagination.scheme] : [])))).toEqual(new Set(['offset', 'page', 'cursor']));
  const cursors = operations.flatMap((operation) => (operation.pagination?.scheme === 'cursor' ? [operation.pagination] : []));
  expect(cursors.some((pagination) => !pagination.cursorFrom)).toBe(true); // items are names
  expect(cursors.some((pagination) => pagination.nextCursor)).toBe(true);
  expect(operations.some((operation) => operation.waiter?.resource === '')).toBe(true);
  expect(operations.some((operation) => operation.waiter?.identify?.length)).toBe(true);
  expect(operations.some((operation) => operation.clientMethods.length === 2)).toBe(true);
  expect(operations.some((operation) => operation.iamAction === null)).toBe(true);
  const create = operations.find((operation) => operation.operationId === 'CreateStream')!;
  expect(create.body?.schema.required).toEqual(['name', 'type', 'settings']);
  expect(document.tags.map((tag: { name: string }) => tag.name)).toEqual(['Streams', 'Channels', 'Templates']);
}, 60_000);

it('generates a client at 300 operations: no name the generator refuses (a schema named like a waiter, say)', async () => {
  const large = await specRoot(300);
  const document = await bundleService(large.service, large.root);
  expect(callables(document)).toHaveLength(300);
  expect(renderClient(SERVICE, document, large.service.specFile)).toContain('export function createStream(');
}, 60_000);

it('copies the spec-driven tests of packages/dis with the service renamed', async () => {
  for (const name of SPEC_DRIVEN_TESTS) {
    const text = renameService(await readFile(path.join(repoRoot, 'packages', 'dis', 'test', name), 'utf8'), 'dis', SERVICE);
    expect(text).not.toMatch(/\bdis\b|Dis(?=[A-Z]|\b)/);
  }
  expect(renameService("import * as dis from '../src/index.js'; dis.createDisClient(o); describeOperations('dis')", 'dis', 'synthetic')).toBe(
    "import * as synthetic from '../src/index.js'; synthetic.createSyntheticClient(o); describeOperations('synthetic')",
  );
  expect(typesTest(SERVICE, 'ShowStream', 'stream')).toContain("toEqualTypeOf<{ stream_id: string }>()");
});

it("runs its commands without the caller's turbo cache settings", () => {
  const env = benchEnv({ PATH: '/usr/bin', TURBO_FORCE: '1', TURBO_CACHE: 'local:r', TURBO_REMOTE_ONLY: '1', TURBO_TOKEN: 't', TURBO_CACHE_DIR: '/tmp/x', VERCEL_ARTIFACTS_TOKEN: 'v' });
  expect(Object.keys(env).filter((name) => /^(TURBO_|VERCEL_)/.test(name))).toEqual(['TURBO_TELEMETRY_DISABLED']);
  expect(env.PATH).toBe('/usr/bin');
});
