// Classification of contract changes, one fixture pair per category, through
// the structural walk (the labelled corpus in contract-corpus/ covers every
// keyword; contract-diff-corpus.test.ts runs it); and the command end to end on
// a temporary git repository: with and without a major changeset, --strict,
// specs OpenAPI allows but our lint does not, and specs that cannot be read.
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { contractDiff } from '../contract-diff/command.ts';
import { compareDocuments } from '../contract-diff/compare.ts';
import type { Change } from '../contract-diff/types.ts';
import { repoRoot } from '../services.ts';
import { createFixtureRepo, fixturesDir } from './fixtures/repo.ts';

function baseSpec(): any {
  return {
    openapi: '3.1.0',
    info: { title: 'Fixture', version: '1.0.0' },
    servers: [{ url: 'https://svc.{region}.example.com', variables: { region: { default: 'r-1', enum: ['r-1', 'r-2'] } } }],
    security: [{ token: [] }, { aksk: [] }],
    components: {
      securitySchemes: {
        token: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' },
        aksk: { type: 'apiKey', in: 'header', name: 'Authorization' },
      },
    },
    paths: {
      '/v1/{project_id}/tasks': {
        delete: {
          operationId: 'DeleteTask',
          summary: 'Delete a task',
          description: 'Deletes a task.',
          parameters: [
            { name: 'project_id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'task_id', in: 'query', required: true, schema: { type: 'string' }, example: 't-1' },
            { name: 'region', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'mode', in: 'query', required: false, schema: { type: 'string', enum: ['soft', 'hard'] } },
          ],
          responses: {
            '200': {
              description: 'Deleted.',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { task_id: { type: 'string' }, request_id: { type: 'string' }, state: { type: 'string', enum: ['live', 'done'] } } },
                  example: { task_id: 't-1', request_id: 'r-1', state: 'live' },
                },
              },
            },
            '404': { description: 'No such task.' },
          },
        },
        post: {
          operationId: 'CreateTask',
          summary: 'Create a task',
          parameters: [{ name: 'project_id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { name: { type: 'string' }, note: { type: 'string' }, kind: { type: 'string', enum: ['a', 'b'] }, count: { type: 'integer', maximum: 5 } },
                },
              },
            },
          },
          responses: { '201': { description: 'Created.' } },
        },
      },
    },
  };
}

const op = (spec: any) => spec.paths['/v1/{project_id}/tasks'].delete;
const param = (spec: any, name: string) => op(spec).parameters.find((parameter: any) => parameter.name === name);
const body = (spec: any) => spec.paths['/v1/{project_id}/tasks'].post.requestBody.content['application/json'].schema;

const cases: Array<{ name: string; change: (spec: any) => void; severity: Change['severity']; description: RegExp }> = [
  // breaking
  { name: 'removed operation', severity: 'breaking', description: /^operation removed$/, change: (spec) => delete spec.paths['/v1/{project_id}/tasks'].post },
  { name: 'removed parameter', severity: 'breaking', description: /^query parameter 'region' removed$/, change: (spec) => (op(spec).parameters = op(spec).parameters.filter((p: any) => p.name !== 'region')) },
  { name: 'removed response field', severity: 'breaking', description: /^property response 200 body\.request_id removed$/, change: (spec) => delete op(spec).responses['200'].content['application/json'].schema.properties.request_id },
  { name: 'parameter became required', severity: 'breaking', description: /^query parameter 'region' became required$/, change: (spec) => (param(spec, 'region').required = true) },
  { name: 'parameter changed type', severity: 'breaking', description: /^query parameter 'task_id': type string → integer$/, change: (spec) => (param(spec, 'task_id').schema.type = 'integer') },
  { name: 'parameter changed location', severity: 'breaking', description: /^parameter 'region' moved from query to header$/, change: (spec) => (param(spec, 'region').in = 'header') },
  { name: 'narrowed enum', severity: 'breaking', description: /^query parameter 'mode': enum narrowed \(removed "hard"\)$/, change: (spec) => (param(spec, 'mode').schema.enum = ['soft']) },
  { name: 'removed success status code', severity: 'breaking', description: /^success response 200 removed$/, change: (spec) => delete op(spec).responses['200'] },
  { name: 'removed success body', severity: 'breaking', description: /^success response 200 lost its application\/json body$/, change: (spec) => delete op(spec).responses['200'].content },
  { name: 'changed security', severity: 'breaking', description: /^security: no longer accepts token$/, change: (spec) => (op(spec).security = [{ aksk: [] }]) },
  { name: 'top-level security requirement added', severity: 'breaking', description: /^security: every call with token now also needs aksk$/, change: (spec) => (spec.security = [{ token: [], aksk: [] }]) },
  { name: 'path change', severity: 'breaking', description: /^path changed: DELETE \/v1\/\{project_id\}\/tasks → DELETE \/v2\/\{project_id\}\/tasks$/, change: (spec) => {
      spec.paths['/v2/{project_id}/tasks'] = { delete: op(spec) };
      delete spec.paths['/v1/{project_id}/tasks'].delete;
    } },
  { name: 'required added to a request property', severity: 'breaking', description: /^body\.name became required$/, change: (spec) => (body(spec).required = ['name']) },
  { name: 'new required request body property', severity: 'breaking', description: /^new required property body\.source_urls$/, change: (spec) => {
      body(spec).properties.source_urls = { type: 'array', items: { type: 'string' } };
      body(spec).required = ['source_urls'];
    } },
  { name: 'request enum narrowed', severity: 'breaking', description: /^body\.kind: enum narrowed \(removed "b"\)$/, change: (spec) => (body(spec).properties.kind.enum = ['a']) },
  { name: 'removed region', severity: 'breaking', description: /^region 'r-2' removed/, change: (spec) => (spec.servers[0].variables.region.enum = ['r-1']) },
  // warnings
  { name: 'removed error status code', severity: 'warning', description: /^response 404 removed/, change: (spec) => delete op(spec).responses['404'] },
  { name: 'response enum grew', severity: 'warning', description: /^response 200 body\.state: enum grew \(added "gone"\)/, change: (spec) => (op(spec).responses['200'].content['application/json'].schema.properties.state.enum = ['live', 'done', 'gone']) },
  // non-breaking
  { name: 'response enum value removed', severity: 'non-breaking', description: /^response 200 body\.state: enum narrowed \(removed "live"\)$/, change: (spec) => (op(spec).responses['200'].content['application/json'].schema.properties.state.enum = ['done']) },
  { name: 'request maximum raised', severity: 'non-breaking', description: /^body\.count: maximum 5 → 10$/, change: (spec) => (body(spec).properties.count.maximum = 10) },
  // non-breaking
  { name: 'added optional parameter', severity: 'non-breaking', description: /^new optional query parameter 'force'$/, change: (spec) => op(spec).parameters.push({ name: 'force', in: 'query', required: false, schema: { type: 'boolean' } }) },
  { name: 'new operation', severity: 'non-breaking', description: /^new operation$/, change: (spec) => (spec.paths['/v1/{project_id}/tasks'].get = { operationId: 'ListTasks', summary: 'List', responses: { '200': { description: 'ok' } } }) },
  { name: 'new response field', severity: 'non-breaking', description: /^new property response 200 body\.created_at$/, change: (spec) => (op(spec).responses['200'].content['application/json'].schema.properties.created_at = { type: 'string' }) },
  { name: 'description change', severity: 'non-breaking', description: /^documentation changed: description$/, change: (spec) => (op(spec).description = 'Deletes a task for good.') },
  { name: 'example change', severity: 'non-breaking', description: /example/, change: (spec) => (op(spec).responses['200'].content['application/json'].example = { task_id: 't-2', request_id: 'r-2' }) },
  { name: 'widened request enum', severity: 'non-breaking', description: /^query parameter 'mode': enum widened \(added "purge"\)$/, change: (spec) => (param(spec, 'mode').schema.enum = ['soft', 'hard', 'purge']) },
  { name: 'parameter became optional', severity: 'non-breaking', description: /^query parameter 'task_id' became optional$/, change: (spec) => (param(spec, 'task_id').required = false) },
];

describe('classification, direction-aware, per category', () => {
  it.each(cases)('$name is $severity', ({ change, severity, description }) => {
    const before = baseSpec();
    const after = baseSpec();
    change(after);
    const changes = compareDocuments(before, after);
    const match = changes.find((found) => description.test(found.description));
    expect(match, JSON.stringify(changes, null, 2)).toBeDefined();
    expect(match!.severity).toBe(severity);
    const worse = severity === 'non-breaking' ? ['breaking', 'warning'] : severity === 'warning' ? ['breaking'] : [];
    expect(changes.filter((found) => worse.includes(found.severity))).toEqual([]);
  });

  it('finds nothing between identical specs', () => {
    expect(compareDocuments(baseSpec(), baseSpec())).toEqual([]);
  });

  it('measures a removal against the announced sunset (x-sunset) on the day of the run, breaking either way', () => {
    const before = baseSpec();
    Object.assign(op(before), { deprecated: true, 'x-sunset': '2030-06-30' });
    Object.assign(param(before, 'mode'), { deprecated: true, 'x-sunset': '2030-06-30T12:00:00+08:00' });
    const withoutMode = structuredClone(before);
    op(withoutMode).parameters = op(withoutMode).parameters.filter((p: any) => p.name !== 'mode');
    const on = (day: string, after: any) => compareDocuments(before, after, { today: new Date(day) }).filter((change) => /removed/.test(change.description));
    expect(on('2030-06-29', withoutMode)).toEqual([expect.objectContaining({ severity: 'breaking', description: "query parameter 'mode' removed before its announced sunset (2030-06-30T12:00:00+08:00)" })]);
    expect(on('2030-07-01', withoutMode)).toEqual([expect.objectContaining({ severity: 'breaking', description: expect.stringMatching(/^query parameter 'mode' removed after its sunset/) })]);
    const noOp = structuredClone(before);
    delete noOp.paths['/v1/{project_id}/tasks'].delete;
    expect(on('2030-06-29', noOp).map((change) => [change.severity, change.description])).toContainEqual(['breaking', 'operation removed before its announced sunset (2030-06-30)']);
  });
});

describe('pnpm contract:diff end to end', () => {
  // One git repository for the whole file, made of the fixture specs: a first
  // commit with the tasks spec as one file (as the specs were before the
  // per-resource layout), then the same document split into a table of
  // contents and per-resource files (HEAD, the base of most tests: reading it
  // needs every file the base spec refers to, not only openapi.yaml). In the
  // working tree, region is made required in the split path item file; tests
  // that need another working tree edit it and put it back.
  let repo: string;
  let oneFileSha: string;
  let baseSha: string;
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { encoding: 'utf8' }).trim();
  const tasksFile = 'specs/tasks/tasks/tasks.yaml';
  const deleteTask = 'DeleteTask (DELETE /v1/{project_id}/tasks)';

  /** The command as a function call (what the command line runs), collecting what it prints. */
  async function run(...args: string[]) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const status = await contractDiff(['--root', repo, ...args], { log: (line) => stdout.push(line), error: (line) => stderr.push(line) });
    return { status, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  }

  beforeAll(async () => {
    repo = await createFixtureRepo('contract');
    await cp(path.join(repoRoot, '.changeset', 'config.json'), path.join(repo, '.changeset', 'config.json'));
    const tasks = path.join(repo, 'specs', 'tasks');
    await rm(tasks, { recursive: true });
    await cp(path.join(fixturesDir, 'one-file', 'tasks'), tasks, { recursive: true });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'tasks in one file');
    oneFileSha = git('rev-parse', 'HEAD');
    await rm(tasks, { recursive: true });
    await cp(path.join(fixturesDir, 'specs', 'tasks'), tasks, { recursive: true });
    git('add', '-A');
    git('commit', '-qm', 'tasks split into a table of contents and per-resource files');
    baseSha = git('rev-parse', 'HEAD');
    const spec = path.join(repo, tasksFile);
    const text = await readFile(spec, 'utf8');
    const edited = text.replace(/(- name: region\n\s+in: query\n\s+required: )false/, '$1true');
    expect(edited).not.toBe(text);
    await writeFile(spec, edited);
  });
  afterAll(() => rm(repo, { recursive: true, force: true }));

  it('reports the breaking change and fails without a major changeset (on the command line)', () => {
    const result = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [path.join(repoRoot, 'scripts', 'contract-diff.ts'), '--root', repo, '--base', baseSha], {
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toContain('### tasks (`@huaweicloud-openapi/tasks`): changed, **1 breaking**');
    expect(result.stdout).toContain(`- \`${deleteTask}\`: query parameter 'region' became required`);
    expect(result.stdout).toContain('Unchanged: notes.');
    expect(result.stdout).toContain('Result: FAILED');
  });

  it('prints the same as JSON', async () => {
    const result = await run('--base', baseSha, '--json');
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    const tasks = report.services.find((service: any) => service.service === 'tasks');
    expect(tasks).toMatchObject({ status: 'changed', bump: 'none', blocked: true });
    expect(tasks.changes).toContainEqual({ severity: 'breaking', operation: deleteTask, description: "query parameter 'region' became required" });
  });

  it('passes, saying why, with a pending major changeset for the package', async () => {
    const changeset = path.join(repo, '.changeset', 'region-required.md');
    await writeFile(changeset, '---\n"@huaweicloud-openapi/tasks": major\n---\n\nregion is required.\n');
    try {
      const result = await run('--base', baseSha);
      expect(result.status, result.stdout).toBe(0);
      expect(result.stdout).toContain('1 breaking — covered by a pending major changeset');
      expect(result.stdout).toContain('Result: OK.');
    } finally {
      await rm(changeset);
    }
  });

  it('still fails with only a minor changeset', async () => {
    const changeset = path.join(repo, '.changeset', 'region-minor.md');
    await writeFile(changeset, '---\n"@huaweicloud-openapi/tasks": minor\n---\n\nregion is required.\n');
    try {
      expect((await run('--base', baseSha)).status).toBe(1);
    } finally {
      await rm(changeset);
    }
  });

  it('reports added and removed services', async () => {
    const config = path.join(repo, 'redocly.yaml');
    const original = await readFile(config, 'utf8');
    await cp(path.join(repo, 'specs', 'notes'), path.join(repo, 'specs', 'notes2'), { recursive: true });
    const registry = '  notes:\n    root: specs/notes/openapi.yaml\n';
    expect(original).toContain(registry);
    await writeFile(config, original.replace(registry, '  notes2:\n    root: specs/notes2/openapi.yaml\n'));
    try {
      const result = await run('--base', baseSha, '--json');
      const report = JSON.parse(result.stdout);
      const byName = Object.fromEntries(report.services.map((service: any) => [service.service, service]));
      expect(byName.notes2).toMatchObject({ status: 'added', blocked: false });
      expect(byName.notes).toMatchObject({ status: 'removed', blocked: true });
    } finally {
      await writeFile(config, original);
      await rm(path.join(repo, 'specs', 'notes2'), { recursive: true, force: true });
    }
  });

  it('names a bad --base and the fix', async () => {
    const result = await run('--base', 'no-such-ref');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--base no-such-ref is not a commit in this repository');
  });

  /** Runs `check` with `file` edited from its version at `baseSha`, then puts the working tree's one back. */
  async function withFile(file: string, edit: (spec: ReturnType<typeof parseDocument>) => void | string, check: () => void | Promise<void>) {
    const absolute = path.join(repo, file);
    const current = await readFile(absolute, 'utf8');
    const document = parseDocument(git('show', `${baseSha}:${file}`));
    const replaced = edit(document);
    await writeFile(absolute, typeof replaced === 'string' ? replaced : document.toString());
    try {
      await check();
    } finally {
      await writeFile(absolute, current);
    }
  }
  const deleteOp = ['delete'];

  it('finds no change between a base whose spec is one file and the same document split into files', async () => {
    await withFile(
      tasksFile,
      () => {},
      async () => {
        const result = await run('--base', oneFileSha, '--json');
        expect(result.status, result.stdout).toBe(0);
        const report = JSON.parse(result.stdout);
        expect(report.services).toMatchObject([
          { service: 'tasks', status: 'unchanged', changes: [] },
          { service: 'notes', status: 'unchanged', changes: [] },
        ]);
        expect((await run('--base', oneFileSha)).stdout).toContain('No contract changes.');
      },
    );
  });

  it('reports a change made in a split file against the one-file base, naming the operation', async () => {
    await withFile(
      'specs/tasks/tasks/models.yaml',
      (models) => {
        models.deleteIn(['DeleteTaskResponse', 'properties', 'state']);
      },
      async () => {
        const result = await run('--base', oneFileSha, '--json');
        expect(result.status).toBe(1);
        const tasks = JSON.parse(result.stdout).services.find((service: any) => service.service === 'tasks');
        expect(tasks.changes).toEqual([
          { severity: 'breaking', operation: deleteTask, description: "query parameter 'region' became required" },
          { severity: 'breaking', operation: deleteTask, description: 'property response 200 body.state removed' },
        ]);
      },
    );
  });

  it('lists a warning apart and passes, and fails on it with --strict', async () => {
    await withFile(
      tasksFile,
      (spec) => {
        spec.deleteIn([...deleteOp, 'responses', '200', 'headers']);
      },
      async () => {
        const result = await run('--base', baseSha);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stdout).toContain('### tasks (`@huaweicloud-openapi/tasks`): changed, no breaking change, 1 warning to review');
        expect(result.stdout).toMatch(/\*\*Warnings\*\* \(1\)\n\n- `DeleteTask \(DELETE \/v1\/\{project_id\}\/tasks\)`: optional response 200 header 'X-Request-Id' removed/);
        expect(result.stdout).toContain('Result: OK, with 1 warning to review');
        const strict = await run('--base', baseSha, '--strict', '--json');
        expect(strict.status).toBe(1);
        const report = JSON.parse(strict.stdout);
        expect(report.strict).toBe(true);
        expect(report.services.find((service: any) => service.service === 'tasks')).toMatchObject({ blocked: true, changes: [{ severity: 'warning' }] });
      },
    );
  });

  it('compares operations without responses or operationId (OpenAPI allows them) instead of failing', async () => {
    await withFile(
      tasksFile,
      (spec) => {
        spec.deleteIn([...deleteOp, 'responses']);
        spec.deleteIn([...deleteOp, 'operationId']);
      },
      async () => {
        const result = await run('--base', baseSha);
        expect(result.stderr).toBe('');
        expect(result.status).toBe(1);
        expect(result.stdout).toContain('- `DELETE /v1/{project_id}/tasks`: success response 200 removed');
        expect(result.stdout).toContain('- `DELETE /v1/{project_id}/tasks`: operationId "DeleteTask" removed');
      },
    );
  });

  it('names the file and line of a spec that cannot be read', async () => {
    await withFile(
      'specs/tasks/openapi.yaml',
      () => 'openapi: 3.1.0\ninfo:\n  title: broken\n  version: "1"\npaths: {\n',
      async () => {
        const result = await run('--base', baseSha);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/^contract:diff: specs\/tasks\/openapi\.yaml:6:\d+ \(working tree\): cannot read it: /);
      },
    );
  });

  it('names the file and line of a spec that is not valid OpenAPI, in the split file that has it', async () => {
    await withFile(
      tasksFile,
      (spec) => {
        spec.setIn([...deleteOp, 'parameters', 0, 'in'], 'quer');
      },
      async () => {
        const result = await run('--base', baseSha);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/tasks: not a valid OpenAPI document:\nspecs\/tasks\/tasks\/tasks\.yaml:\d+:\d+ \(working tree\): `in` can be one of/);
      },
    );
  });
});
