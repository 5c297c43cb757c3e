// publint and Are the Types Wrong on each package's real tarball, as pnpm
// would publish it: every problem either reports fails the test.
//
// Are the Types Wrong runs in this process, through @arethetypeswrong/core (the
// library the attw CLI is a front for, at the version the CLI pins): a CLI run
// per package spent most of its seconds starting Node and loading its own
// TypeScript, five times over.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack, publishablePackages, repoRoot, type PublishablePackage } from '../pack.ts';

const packages = await publishablePackages();
/** The resolutions attw's `esm-only` profile ignores (its `ignoreResolutions`). */
const ESM_ONLY_IGNORES: string[] = ['node10', 'node16-cjs'];
const tarballs = new Map<string, string>();
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'hcopenapi-pack-'));
  const packed = await Promise.all(packages.map((found) => pack(found.dir, work)));
  packages.forEach((found, index) => tarballs.set(found.name, packed[index]!));
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

  it('packs a package.json with what an installer needs and nothing of the workspace', async () => {
    const { stdout } = await promisify(execFile)('tar', ['-xOzf', tarballs.get(found.name)!, 'package/package.json'], { encoding: 'utf8' });
    const packed = JSON.parse(stdout);
    expect(packed.scripts).toBeUndefined();
    expect(packed.devDependencies).toBeUndefined();
    expect(stdout).not.toContain('workspace:');
    expect(packed).toMatchObject({ name: found.name, version: found.version, exports: expect.any(Object) });
    if (!found.name.endsWith('/core')) expect(packed.dependencies['@huaweicloud-openapi/core']).toMatch(/^\^\d+\.\d+\.\d+$/);
  });

  it('publint reports nothing, suggestions included', async () => {
    const tarball = await readFile(tarballs.get(found.name)!);
    const { messages, pkg } = await publint({ pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) as ArrayBuffer }, level: 'suggestion', strict: true });
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false })}`)).toEqual([]);
  }, 60_000);

  it('Are the Types Wrong reports nothing (ESM-only profile)', async () => {
    const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(await readFile(tarballs.get(found.name)!))));
    // Types found in the package itself: otherwise attw checks nothing and reports nothing.
    expect(analysis.types).toEqual({ kind: 'included' });
    // The problems of every resolution mode, but the two CommonJS ones: what
    // `attw --profile esm-only` fails on (these packages ship ESM only, by decision).
    const problems = 'problems' in analysis ? analysis.problems.filter((problem) => !('resolutionKind' in problem && ESM_ONLY_IGNORES.includes(problem.resolutionKind))) : [];
    expect(problems, JSON.stringify(problems, null, 2)).toEqual([]);
  }, 60_000);
});
