// The generator and linter on a temporary copy of the repository: deterministic
// output, a working drift check, and bad specs that fail with file and line
// while leaving packages/ untouched.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../services.ts';

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
let copy: string;

beforeEach(async () => {
  copy = await mkdtemp(path.join(tmpdir(), 'hcopenapi-generate-'));
  await cp(path.join(repoRoot, 'redocly.yaml'), path.join(copy, 'redocly.yaml'));
  await cp(path.join(repoRoot, 'specs'), path.join(copy, 'specs'), { recursive: true });
  await cp(path.join(repoRoot, 'scripts', 'lint'), path.join(copy, 'scripts', 'lint'), { recursive: true });
  for (const service of ['live', 'mpc', 'vod', 'dis']) {
    for (const file of ['package.json', 'turbo.json', 'README.md', 'src/index.ts', 'src/schema.d.ts']) {
      await cp(path.join(repoRoot, 'packages', service, file), path.join(copy, 'packages', service, file));
    }
  }
});
afterEach(() => rm(copy, { recursive: true, force: true }));

function run(script: 'generate' | 'lint', ...args: string[]) {
  const result = spawnSync(tsx, [path.join(repoRoot, 'scripts', `${script}.ts`), '--root', copy, ...args], {
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function fingerprint(dir: string): Promise<Record<string, string>> {
  const prints: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    prints[path.relative(dir, file)] = createHash('sha256').update(await readFile(file)).digest('hex');
  }
  return prints;
}

async function edit(file: string, from: string, to: string): Promise<number> {
  const absolute = path.join(copy, file);
  const text = await readFile(absolute, 'utf8');
  const at = text.indexOf(from);
  expect(at, `"${from}" in ${file}`).toBeGreaterThanOrEqual(0);
  await writeFile(absolute, text.slice(0, at) + to + text.slice(at + from.length));
  return text.slice(0, at).split('\n').length;
}

describe('generate', () => {
  it('reproduces the committed output byte for byte, twice', async () => {
    const before = await fingerprint(path.join(copy, 'packages'));
    expect(run('generate').status).toBe(0);
    expect(await fingerprint(path.join(copy, 'packages'))).toEqual(before);
    const second = run('generate');
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('0 file(s) changed');
    expect(run('generate', '--check').status).toBe(0);
  });

  it('--check names a stale generated file and exits non-zero', async () => {
    await edit('packages/vod/src/index.ts', 'deleteAssetEditTask(', 'cancelAssetEditTask(');
    const result = run('generate', '--check');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('packages/vod/src/index.ts');
    expect(result.stderr).not.toContain('packages/live/');
  });

  it('--check notices a spec change that was not regenerated', async () => {
    await edit('specs/dis/openapi.yaml', 'summary: Delete a dump task', 'summary: Remove a dump task');
    const result = run('generate', '--check');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('packages/dis/src/schema.d.ts');
    expect(result.stderr).toContain('packages/dis/src/index.ts');
  });

  it('keeps the version changesets gave a package, and --check catches a hand-edited manifest', async () => {
    await edit('packages/mpc/package.json', '"version": "0.1.0"', '"version": "2.3.4"');
    expect(run('generate', '--check').status).toBe(0);
    expect(run('generate').status).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(copy, 'packages', 'mpc', 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ version: '2.3.4', publishConfig: { access: 'public' }, sideEffects: false, engines: { node: '>=20' } });

    await edit('packages/mpc/package.json', '"sideEffects": false', '"sideEffects": true');
    await edit('packages/mpc/README.md', 'npm install', 'yarn add');
    const result = run('generate', '--check');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('packages/mpc/package.json');
    expect(result.stderr).toContain('packages/mpc/README.md');
  });

  it('refuses a package.json whose version is not semver, naming the file', async () => {
    await edit('packages/dis/package.json', '"version": "0.1.0"', '"version": "next"');
    const result = run('generate');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('packages/dis/package.json: "version" must be a semver version');
  });

  it('scaffolds and generates a newly registered service', async () => {
    await cp(path.join(copy, 'specs', 'vod'), path.join(copy, 'specs', 'vod-copy'), { recursive: true });
    await edit('redocly.yaml', '  dis:\n', '  vod-copy:\n    root: specs/vod-copy/openapi.yaml\n  dis:\n');
    expect(run('generate', 'vod-copy').status).toBe(0);
    const index = await readFile(path.join(copy, 'packages', 'vod-copy', 'src', 'index.ts'), 'utf8');
    expect(index.split('\n')[0]).toBe(
      '// Generated by scripts/generate.ts (operation functions over @huaweicloud-openapi/core) from specs/vod-copy/openapi.yaml. Do not edit: change the spec and run `pnpm generate`.',
    );
    expect(index).toContain('export function createVodCopyClient(options: VodCopyClientOptions)');
    const manifest = JSON.parse(await readFile(path.join(copy, 'packages', 'vod-copy', 'package.json'), 'utf8'));
    expect(manifest.name).toBe('@huaweicloud-openapi/vod-copy');
    expect(manifest.version).toBe('0.1.0');
    const readme = await readFile(path.join(copy, 'packages', 'vod-copy', 'README.md'), 'utf8');
    expect(readme).toContain('npm install @huaweicloud-openapi/vod-copy');
    expect(readme).toContain('await vodCopy.deleteAssetEditTask(');
    for (const file of ['turbo.json', 'tsconfig.json', 'tsconfig.build.json', 'vitest.config.ts']) {
      expect(await readFile(path.join(copy, 'packages', 'vod-copy', file), 'utf8')).not.toBe('');
    }
  });
});

describe('bad specs fail lint and generate with file and line, and leave packages/ untouched', () => {
  const cases = [
    {
      name: 'a broken $ref',
      file: 'specs/live/openapi.yaml',
      from: '$ref: ../common/schemas.yaml#/ErrorResponse',
      to: '$ref: ../common/schemas.yaml#/ErrorRespnse',
      rule: 'no-unresolved-refs',
    },
    {
      name: 'an operation without responses',
      file: 'specs/vod/openapi.yaml',
      from: '      responses:\n        \'204\':',
      to: '      x-responses:\n        \'204\':',
      rule: 'rule/operation-responses',
      reportedAt: 'operationId: DeleteAssetEditTask',
    },
    {
      name: 'an invalid type',
      file: 'specs/mpc/openapi.yaml',
      from: 'type: integer',
      to: 'type: integr',
      rule: 'struct',
    },
  ];

  it.each(cases)('$name', async ({ file, from, to, rule, reportedAt }) => {
    const original = await readFile(path.join(copy, file), 'utf8');
    const edited = await edit(file, from, to);
    const line = reportedAt ? original.slice(0, original.indexOf(reportedAt)).split('\n').length : edited;
    const before = await fingerprint(path.join(copy, 'packages'));

    const lint = run('lint');
    expect(lint.status).toBe(1);
    expect(lint.stderr).toMatch(new RegExp(`${file}:${line}:\\d+\\s+error\\s+${rule}`));

    const generate = run('generate');
    expect(generate.status).toBe(1);
    expect(generate.stderr).toMatch(new RegExp(`${file}:${line}:\\d+\\s+error\\s+${rule}`));
    expect(generate.stderr).toContain('Nothing was written');
    expect(await fingerprint(path.join(copy, 'packages'))).toEqual(before);
  });
});
