// The generator and linter on the fixture repository (fixtures/specs: two small
// services in the per-resource layout, under the real lint rules): deterministic
// output, a working drift check, scaffolding, and bad specs that fail with file
// and line while leaving packages/ untouched. The runs are in-process calls of
// what the commands run (generate(), lint()); each command line runs once:
// lint's in a bad-spec case, generate's as `generate --check` on the fixture (the
// repository's own drift check is the first step of `pnpm test`).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generate } from '../generate/command.ts';
import { lint } from '../lint/command.ts';
import { repoRoot } from '../services.ts';
import { createFixtureRepo } from './fixtures/repo.ts';

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const commands = { generate, lint };

/** The fixture repository, generated once; each test works on its own copy. */
let pristine: string;
let copy: string;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in-process on `root`, collecting what it prints. */
async function runIn(root: string, command: keyof typeof commands, ...args: string[]): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const output = { log: (line: string) => stdout.push(line), error: (line: string) => stderr.push(line) };
  const status = await commands[command](['--root', root, ...args], output);
  return { status, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

const run = (command: keyof typeof commands, ...args: string[]) => runIn(copy, command, ...args);

/** Runs the command line itself (`tsx scripts/<command>.ts`), as `pnpm` does. */
function runCli(root: string, command: keyof typeof commands, ...args: string[]): Run {
  const result = spawnSync(tsx, [path.join(repoRoot, 'scripts', `${command}.ts`), '--root', root, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  pristine = await createFixtureRepo('generate');
  const first = await runIn(pristine, 'generate');
  expect(first.status, first.stderr).toBe(0);
});
afterAll(() => rm(pristine, { recursive: true, force: true }));
beforeEach(async () => {
  copy = await mkdtemp(path.join(tmpdir(), 'hcopenapi-generate-'));
  await cp(pristine, copy, { recursive: true });
});
afterEach(() => rm(copy, { recursive: true, force: true }));

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
  // The repository's own drift check is `pnpm test`'s first step (`tsx scripts/generate.ts --check`);
  // here the command line runs on the fixture, so no test regenerates the real specs.
  it('--check on the command line passes on a generated repository: the committed packages are what the specs generate', () => {
    const result = runCli(copy, 'generate', '--check');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Generated files are up to date \(\d+ files, 2 services\)\.$/m);
  });

  it('reproduces its output byte for byte on a second run', async () => {
    const before = await fingerprint(path.join(copy, 'packages'));
    const second = await run('generate');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('tasks, notes: 0 file(s) changed');
    expect(await fingerprint(path.join(copy, 'packages'))).toEqual(before);
    expect((await run('generate', '--check')).status).toBe(0);
  });

  it('--check names a stale generated file and exits non-zero', async () => {
    await edit('packages/tasks/src/index.ts', 'deleteTask(', 'removeTask(');
    const result = await run('generate', '--check');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('packages/tasks/src/index.ts');
    expect(result.stderr).not.toContain('packages/notes/');
  });

  it('--check notices a change in a path item file that was not regenerated', async () => {
    await edit('specs/tasks/tasks/tasks.yaml', 'summary: Delete a task', 'summary: Remove a task');
    const result = await run('generate', '--check');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('packages/tasks/src/schema.d.ts');
    expect(result.stderr).toContain('packages/tasks/src/index.ts');
  });

  it('keeps the version changesets gave a package, and --check catches a hand-edited manifest', async () => {
    await edit('packages/notes/package.json', '"version": "0.1.0"', '"version": "2.3.4"');
    expect((await run('generate', '--check')).status).toBe(0);
    expect((await run('generate')).status).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(copy, 'packages', 'notes', 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ version: '2.3.4', publishConfig: { access: 'public' }, sideEffects: false, engines: { node: '>=20' } });

    await edit('packages/notes/package.json', '"sideEffects": false', '"sideEffects": true');
    await edit('packages/notes/README.md', 'npm install', 'yarn add');
    const result = await run('generate', '--check');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('packages/notes/package.json');
    expect(result.stderr).toContain('packages/notes/README.md');
  });

  it('refuses a package.json whose version is not semver, naming the file', async () => {
    await edit('packages/notes/package.json', '"version": "0.1.0"', '"version": "next"');
    const result = await run('generate');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('packages/notes/package.json: "version" must be a semver version');
  });

  it('scaffolds and generates a newly registered service', async () => {
    await cp(path.join(copy, 'specs', 'tasks'), path.join(copy, 'specs', 'tasks-copy'), { recursive: true });
    await edit('redocly.yaml', '  notes:\n', '  tasks-copy:\n    root: specs/tasks-copy/openapi.yaml\n  notes:\n');
    expect((await run('generate', 'tasks-copy')).status).toBe(0);
    const index = await readFile(path.join(copy, 'packages', 'tasks-copy', 'src', 'index.ts'), 'utf8');
    expect(index.split('\n')[0]).toBe(
      '// Generated by scripts/generate.ts (operation functions over @huaweicloud-openapi/core) from specs/tasks-copy/openapi.yaml. Do not edit: change the spec and run `pnpm generate`.',
    );
    expect(index).toContain('export function createTasksCopyClient(options: TasksCopyClientOptions)');
    const manifest = JSON.parse(await readFile(path.join(copy, 'packages', 'tasks-copy', 'package.json'), 'utf8'));
    expect(manifest.name).toBe('@huaweicloud-openapi/tasks-copy');
    expect(manifest.version).toBe('0.1.0');
    const readme = await readFile(path.join(copy, 'packages', 'tasks-copy', 'README.md'), 'utf8');
    expect(readme).toContain('npm install @huaweicloud-openapi/tasks-copy');
    expect(readme).toContain('await tasksCopy.deleteTask(');
    for (const file of ['turbo.json', 'tsconfig.json', 'tsconfig.build.json', 'vitest.config.ts']) {
      expect(await readFile(path.join(copy, 'packages', 'tasks-copy', file), 'utf8')).not.toBe('');
    }
  });
});

describe('bad specs fail lint and generate with file and line, and leave packages/ untouched', () => {
  const cases = [
    {
      name: 'a broken $ref in a path item file (lint on the command line)',
      file: 'specs/tasks/tasks/tasks.yaml',
      from: '$ref: ../../common/schemas.yaml#/ErrorResponse',
      to: '$ref: ../../common/schemas.yaml#/ErrorRespnse',
      rule: 'no-unresolved-refs',
      // lint's one command-line run; generate's is the --check on the repository above
      lintCli: true,
    },
    {
      name: 'a table of contents entry naming a missing file',
      file: 'specs/tasks/openapi.yaml',
      from: '$ref: tasks/task.yaml',
      to: '$ref: tasks/tsak.yaml',
      rule: 'no-unresolved-refs',
    },
    {
      name: 'an operation without responses',
      file: 'specs/tasks/tasks/task.yaml',
      from: "  responses:\n    '200':",
      to: "  x-responses:\n    '200':",
      rule: 'rule/operation-responses',
      reportedAt: 'operationId: ShowTask',
    },
    {
      name: 'an invalid type in a models file',
      file: 'specs/tasks/tasks/models.yaml',
      from: 'type: integer',
      to: 'type: integr',
      rule: 'struct',
    },
  ];

  it.each(cases)('$name', async ({ file, from, to, rule, reportedAt, lintCli }) => {
    const original = await readFile(path.join(copy, file), 'utf8');
    const edited = await edit(file, from, to);
    const line = reportedAt ? original.slice(0, original.indexOf(reportedAt)).split('\n').length : edited;
    const before = await fingerprint(path.join(copy, 'packages'));
    const linted = lintCli ? runCli(copy, 'lint') : await run('lint');
    expect(linted.status).toBe(1);
    expect(linted.stderr).toMatch(new RegExp(`${file}:${line}:\\d+\\s+error\\s+${rule}`));

    const generated = await run('generate');
    expect(generated.status).toBe(1);
    expect(generated.stderr).toMatch(new RegExp(`${file}:${line}:\\d+\\s+error\\s+${rule}`));
    expect(generated.stderr).toContain('Nothing was written');
    expect(await fingerprint(path.join(copy, 'packages'))).toEqual(before);
  });
});
