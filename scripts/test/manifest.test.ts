// Hand-written flows (src/lib/<name>.ts) become subpath exports of their package.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listFlows, renderPackageJson } from '../generate/manifest.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function packageWith(files: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hcopenapi-flows-'));
  dirs.push(dir);
  await mkdir(path.join(dir, 'src', 'lib'), { recursive: true });
  await Promise.all(files.map((file) => writeFile(path.join(dir, 'src', 'lib', file), 'export {};\n')));
  return dir;
}

describe('flows', () => {
  it('lists the modules of src/lib by name, leaving tests and declarations out', async () => {
    expect(await listFlows(await packageWith(['upload.ts', 'put-records.ts', 'upload.test.ts', 'types.test-d.ts', 'shared.d.ts']))).toEqual(['put-records', 'upload']);
    expect(await listFlows(path.join(tmpdir(), 'no-such-package'))).toEqual([]);
  });

  it('refuses a file name that cannot be a subpath, naming the file', async () => {
    const dir = await packageWith(['Upload_Helper.ts']);
    await expect(listFlows(dir)).rejects.toThrow(/src\/lib\/Upload_Helper\.ts: a flow's file name becomes its subpath/);
  });

  it('exports each flow as a subpath with its types, between the root and package.json', () => {
    const manifest = JSON.parse(renderPackageJson('vod', 'Video on Demand', '1.2.0', ['upload']));
    expect(manifest.exports).toEqual({
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './upload': { types: './dist/lib/upload.d.ts', default: './dist/lib/upload.js' },
      './package.json': './package.json',
    });
    expect(Object.keys(JSON.parse(renderPackageJson('vod', 'Video on Demand', '1.2.0')).exports)).toEqual(['.', './package.json']);
  });
});
