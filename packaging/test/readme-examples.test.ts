// The README's usage examples compile under `strict` against the built
// packages, as a user's file would: a renamed method, a body field the spec
// does not have or a wrong paginator name fails here, not in a user's editor.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const dir = path.join(here, '..', '.readme-examples');

/** Names the examples use without defining them: what a user's own code would provide. */
const FREE: Record<string, string> = {
  projectId: 'string',
  token: 'string',
  accessKey: 'string',
  secretKey: 'string',
  securityToken: 'string',
  url: 'string',
  presignedUrl: 'string',
  file: 'Blob',
  taskId: 'string',
  task_id: 'string',
  signal: 'AbortSignal',
  vault: '{ currentKeys(): Promise<{ accessKey: string; secretKey: string }> }',
  live: "import('@huaweicloud-openapi/live').LiveClient",
  mpc: "import('@huaweicloud-openapi/mpc').MpcClient",
  vod: "import('@huaweicloud-openapi/vod').VodClient",
  dis: "import('@huaweicloud-openapi/dis').DisClient",
};

async function usageExamples(): Promise<string[]> {
  const readme = await readFile(path.join(root, 'README.md'), 'utf8');
  const usage = readme.slice(readme.indexOf('\n## Usage\n'), readme.indexOf('\n## API docs\n'));
  return [...usage.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

function prelude(code: string): string {
  const declared = new Set([...code.matchAll(/\b(?:const|let|function|import\s*\{[^}]*)\s*\b(\w+)/g)].map((match) => match[1]));
  const imported = new Set([...code.matchAll(/import\s*\{([^}]*)\}/g)].flatMap((match) => match[1]!.split(',').map((name) => name.trim().split(/\s+as\s+/).at(-1)!)));
  return Object.entries(FREE)
    .filter(([name]) => !declared.has(name) && !imported.has(name) && new RegExp(`\\b${name}\\b`).test(code))
    .map(([name, type]) => `declare const ${name}: ${type};`)
    .join('\n');
}

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('README usage examples', async () => {
  const examples = await usageExamples();

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(7);
  });

  it('every example compiles under strict against the built packages', async () => {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const files: string[] = [];
    for (const [index, code] of examples.entries()) {
      const file = path.join(dir, `example-${index + 1}.ts`);
      await writeFile(file, `${prelude(code)}\n${code}\nexport {};\n`);
      files.push(file);
    }
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? `${path.basename(diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  });
});
