// publint and Are the Types Wrong on each package's real tarball, as pnpm
// would publish it: every problem either reports fails the test.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack, publishablePackages, repoRoot, type PublishablePackage } from '../pack.ts';

const packages = await publishablePackages();
const tarballs = new Map<string, string>();
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'hcopenapi-pack-'));
  for (const found of packages) tarballs.set(found.name, pack(found.dir, work));
}, 120_000);
afterAll(() => rm(work, { recursive: true, force: true }));

it('finds the five publishable packages', () => {
  expect(packages.map((found) => found.name)).toEqual([
    '@huaweicloud-openapi/core',
    '@huaweicloud-openapi/dis',
    '@huaweicloud-openapi/live',
    '@huaweicloud-openapi/mpc',
    '@huaweicloud-openapi/vod',
  ]);
});

describe.each(packages)('$name', (found: PublishablePackage) => {
  it('has the fields a published package needs', async () => {
    const manifest = JSON.parse(await readFile(path.join(found.dir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      type: 'module',
      sideEffects: false,
      license: 'Apache-2.0',
      engines: { node: '>=20' },
      publishConfig: { access: 'public' },
      files: ['dist', 'CHANGELOG.md'],
      types: './dist/index.d.ts',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      repository: { type: 'git', directory: path.relative(repoRoot, found.dir) },
    });
    expect(manifest.description).toBeTruthy();
    expect(await readFile(path.join(found.dir, 'README.md'), 'utf8')).toContain(`npm install ${found.name}`);
  });

  it('publint reports nothing, suggestions included', async () => {
    const tarball = await readFile(tarballs.get(found.name)!);
    const { messages, pkg } = await publint({ pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) as ArrayBuffer }, level: 'suggestion', strict: true });
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false })}`)).toEqual([]);
  }, 60_000);

  it('Are the Types Wrong reports nothing (ESM-only profile)', () => {
    const attw = path.join(repoRoot, 'packaging', 'node_modules', '.bin', 'attw');
    const result = spawnSync(attw, [tarballs.get(found.name)!, '--profile', 'esm-only', '--format', 'json'], { encoding: 'utf8' });
    // The JSON lists problems for every resolution mode; the esm-only profile
    // (these packages ship ESM only, by decision) waives the two CommonJS ones.
    const report = JSON.parse(result.stdout);
    const problems = Object.values<any[]>(report.problems ?? {})
      .flat()
      .filter((problem) => !['node10', 'node16-cjs'].includes(problem.resolutionKind));
    expect(problems, result.stdout).toEqual([]);
    expect(result.status, result.stderr).toBe(0);
  }, 60_000);
});
