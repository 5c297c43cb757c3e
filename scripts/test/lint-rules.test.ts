// The house lint rules on header parameters (a real header parameter keeps its
// wire name, X-Language; path and query names stay snake_case) and on the text
// users read (no process notes).
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServices } from '../services.ts';
import { lintService } from '../spec.ts';
import { createFixtureRepo } from './fixtures/repo.ts';

let root: string;
beforeAll(async () => {
  root = await createFixtureRepo('lint-rules');
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function lintWith(edit: (text: string) => string, rule = 'rule/parameter-snake-case') {
  const file = path.join(root, 'specs', 'tasks', 'tasks', 'tasks.yaml');
  const original = await readFile(file, 'utf8');
  await writeFile(file, edit(original));
  try {
    const [service] = (await loadServices(root)).filter((candidate) => candidate.name === 'tasks');
    return (await lintService(service!, root)).filter((problem) => problem.rule === rule);
  } finally {
    await writeFile(file, original);
  }
}

const header = ['    - name: X-Language', '      in: header', '      required: false', '      description: Language of the answer.', '      schema:', '        type: string', '      example: en', ''].join('\n');

it('accepts a header parameter under its wire name', async () => {
  expect(await lintWith((text) => text.replace('    - name: region\n', `${header}    - name: region\n`))).toEqual([]);
});

it('still refuses a query parameter that is not snake_case, naming its file and line', async () => {
  const problems = await lintWith((text) => text.replace('    - name: region\n', '    - name: regionName\n'));
  expect(problems.map((problem) => `${problem.file}:${problem.line}`)).toEqual([expect.stringMatching(/^specs\/tasks\/tasks\/tasks\.yaml:\d+$/)]);
});

describe('user-facing text', () => {
  const notes = [
    'Deletes a task. The stored copy of the page ends before the 404.',
    'Deletes a task; we could not confirm the status.',
    'Deletes a task (written from the 2024-01-01 edition).',
    'Deletes a task, modelled on `TaskClient.deleteTask`.',
  ];
  it.each(notes)('refuses a process note in a description, naming its file and line: %s', async (note) => {
    const problems = await lintWith((text) => text.replace('description: Deletes a task that has not started.', `description: ${note}`), 'house/user-facing-text');
    expect(problems.map((problem) => `${problem.file}:${problem.line}`)).toEqual(['specs/tasks/tasks/tasks.yaml:6']);
    expect(problems[0]!.message).toMatch(/x-sources/);
  });

  it('accepts the same record in x-sources, and user terms in the description', async () => {
    const problems = await lintWith(
      (text) =>
        text.replace(
          'description: Deletes a task that has not started.',
          "description: Deletes a task. Huawei Cloud's API reference does not document the 404; each page of results is kept.\n  x-sources: The stored copy of the page ends before the 404.",
        ),
      'house/user-facing-text',
    );
    expect(problems).toEqual([]);
  });
});
