// Versioning with changesets on a copy of the workspace: a changeset bumps its
// package and the packages depending on it, writes each one's CHANGELOG, and
// leaves the generated files consistent (the generator keeps changesets' version).
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { publishablePackages, repoRoot } from '../pack.ts';

let copy: string;
const bin = (name: string) => path.join(repoRoot, 'node_modules', '.bin', name);

beforeAll(async () => {
  copy = await mkdtemp(path.join(tmpdir(), 'hcopenapi-release-'));
  for (const entry of ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json', 'redocly.yaml', 'specs', 'scripts/lint']) {
    await cp(path.join(repoRoot, entry), path.join(copy, entry), { recursive: true });
  }
  for (const found of await publishablePackages()) {
    const target = path.join(copy, path.relative(repoRoot, found.dir));
    for (const entry of ['package.json', 'README.md', 'turbo.json', 'src']) {
      await cp(path.join(found.dir, entry), path.join(target, entry), { recursive: true });
    }
  }
});
afterAll(() => rm(copy, { recursive: true, force: true }));

it('bumps, writes CHANGELOGs, and keeps generated files up to date', async () => {
  const version = async (service: string) => JSON.parse(await readFile(path.join(copy, 'packages', service, 'package.json'), 'utf8')).version as string;
  const [coreBefore, liveBefore, mpcBefore] = [await version('core'), await version('live'), await version('mpc')];
  await writeFile(path.join(copy, '.changeset', 'live-force.md'), '---\n"@huaweicloud-openapi/live": minor\n---\n\nDeleteFlowOutput accepts `force`.\n');
  const result = spawnSync(bin('changeset'), ['version'], { cwd: copy, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);

  const [major, minor] = liveBefore.split('.').map(Number) as [number, number];
  expect(await version('live')).toBe(`${major}.${minor + 1}.0`);
  expect(await version('core')).toBe(coreBefore);
  expect(await version('mpc')).toBe(mpcBefore);
  const changelog = await readFile(path.join(copy, 'packages', 'live', 'CHANGELOG.md'), 'utf8');
  expect(changelog).toContain(`## ${major}.${minor + 1}.0`);
  expect(changelog).toContain('### Minor Changes');
  expect(changelog).toContain('DeleteFlowOutput accepts `force`.');

  const check = spawnSync(bin('tsx'), [path.join(repoRoot, 'scripts', 'generate.ts'), '--check', '--root', copy], { encoding: 'utf8' });
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
}, 120_000);
