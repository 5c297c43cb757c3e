// The house lint rules on header parameters: a real header parameter keeps its
// wire name (X-Language); path and query names stay snake_case.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadServices } from '../services.ts';
import { lintService } from '../spec.ts';
import { createFixtureRepo } from './fixtures/repo.ts';

let root: string;
beforeAll(async () => {
  root = await createFixtureRepo('lint-rules');
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function lintWith(edit: (text: string) => string) {
  const file = path.join(root, 'specs', 'tasks', 'tasks', 'tasks.yaml');
  const original = await readFile(file, 'utf8');
  await writeFile(file, edit(original));
  try {
    const [service] = (await loadServices(root)).filter((candidate) => candidate.name === 'tasks');
    return (await lintService(service!, root)).filter((problem) => problem.rule === 'rule/parameter-snake-case');
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
