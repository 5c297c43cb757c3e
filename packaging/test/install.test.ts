// What a user installs works: every package is published (changesets, pnpm) to a local
// Verdaccio registry, installed with npm into a fresh project outside the
// workspace, type-checked under strict (nodenext and bundler resolution),
// run in Node against a server that verifies each AK/SK signature, and
// bundled for the browser.
//
// Commands run asynchronously: the steps that only read the registry (a second
// release, the install) overlap, and so do the two type-checks.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerifyingServer, type VerifyingServer } from '@huaweicloud-openapi/scripts/testing/verifying-server';
import { publishablePackages, repoRoot } from '../pack.ts';
import { startLocalRegistry, type LocalRegistry } from '../registry.ts';

const tsc = path.join(repoRoot, 'node_modules', '.bin', 'tsc');
const packages = await publishablePackages();
let registry: LocalRegistry;
let consumer: string;

const consumerSource = `import { createLiveClient } from '@huaweicloud-openapi/live';
import { createMpcClient } from '@huaweicloud-openapi/mpc';
import { createVodClient } from '@huaweicloud-openapi/vod';
import { createDisClient } from '@huaweicloud-openapi/dis';
import { normalizeError, signRequest } from '@huaweicloud-openapi/core';

export async function run(endpoint: string): Promise<Record<string, number>> {
  const options = { endpoint, projectId: 'consumer-project', credentials: { accessKey: 'AK-CONSUMER', secretKey: 'sk-consumer' } };
  const live = await createLiveClient(options).deletePullTask({ task_id: 'relay-1', region: 'cn-north-4' });
  const mpc = await createMpcClient(options).deleteTranscodingTaskByConsole({ task_id: 42 });
  const vod = await createVodClient(options).deleteAssetEditTask({ task_id: 'edit-1' });
  const dis = await createDisClient(options).deleteTransferTask({ stream_name: 'stream-1', task_name: 'dump-1' });
  for (const result of [live, mpc, vod, dis]) {
    const failure = normalizeError(result);
    if (failure) throw failure;
  }
  const signed = await signRequest(new Request(endpoint + '/v1/consumer-project/ping'), { accessKey: 'AK-CONSUMER', secretKey: 'sk-consumer' });
  const ping = await fetch(signed);
  return { live: live.response.status, mpc: mpc.response.status, vod: vod.response.status, dis: dis.response.status, signRequest: ping.status };
}

export function typesAreReal(endpoint: string): void {
  const client = createMpcClient({ endpoint, projectId: 'p', credentials: { token: 't' } });
  // @ts-expect-error MPC task_id is an integer
  void client.deleteTranscodingTaskByConsole({ task_id: '42' });
  // @ts-expect-error task_id is required
  void createVodClient({ endpoint, projectId: 'p', credentials: { token: 't' } }).deleteAssetEditTask({});
}
`;

function tsconfig(resolution: 'nodenext' | 'bundler') {
  return {
    compilerOptions: {
      strict: true,
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      types: [],
      // The packages' declarations (and openapi-fetch's) are checked as a strict
      // user's would be; TypeScript's own lib files, which nothing here can break
      // (no package declares globals, types is empty), are not checked again and
      // again: half the time of each type-check.
      skipLibCheck: false,
      skipDefaultLibCheck: true,
      ...(resolution === 'nodenext' ? { module: 'nodenext', moduleResolution: 'nodenext', outDir: 'dist' } : { module: 'esnext', moduleResolution: 'bundler', noEmit: true }),
    },
    files: ['consumer.ts'],
  };
}

async function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ status: number | null; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { status: 0, output: `${stdout}\n${stderr}` };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { status: typeof failed.code === 'number' ? failed.code : null, output: `${failed.stdout ?? ''}\n${failed.stderr ?? failed.message}` };
  }
}

const changeset = path.join(repoRoot, 'node_modules', '.bin', 'changeset');
const publishEnv = () => ({ npm_config_registry: `${registry.url}/`, npm_config_userconfig: registry.npmrc });

beforeAll(async () => {
  registry = await startLocalRegistry();
  consumer = await mkdtemp(path.join(tmpdir(), 'hcopenapi-consumer-'));
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  if (consumer) await rm(consumer, { recursive: true, force: true });
});

describe('published to a local registry and installed by a user', () => {
  it('publishes every package the way `pnpm release` does (changeset publish, through pnpm)', async () => {
    // `pnpm release` is `turbo run build` for packages/* and then this; the
    // build already ran (turbo's ^build), and tags belong to real releases.
    const first = await run(changeset, ['publish', '--no-git-tag'], repoRoot, publishEnv());
    expect(first.status, `${first.output}\n${registry.log()}`).toBe(0);
    for (const found of packages) expect(first.output).toContain(`${found.name}@${found.version}`);
  }, 240_000);

  it('serves each as published, with workspace ranges replaced by versions', async () => {
    for (const found of packages) {
      const response = await fetch(`${registry.url}/${found.name.replace('/', '%2f')}`);
      expect(response.status, found.name).toBe(200);
      const document = (await response.json()) as any;
      const manifest = document.versions[found.version];
      expect(manifest, `${found.name}@${found.version}`).toBeDefined();
      for (const range of Object.values<string>(manifest.dependencies ?? {})) expect(range).not.toMatch(/^workspace:/);
    }
  });

  // Both only read the registry: they run side by side.
  describe('after the release', () => {
    it.concurrent('a second release publishes nothing: only changed versions go out', async ({ expect }) => {
      const second = await run(changeset, ['publish', '--no-git-tag'], repoRoot, publishEnv());
      expect(second.status, second.output).toBe(0);
      expect(second.output).toContain('No unpublished projects to publish');
    }, 240_000);

    it.concurrent('installs into a fresh project with npm', async ({ expect }) => {
      await writeFile(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
      const names = packages.filter((found) => !found.name.endsWith('/core')).map((found) => found.name);
      const result = await run(
        'npm',
        ['install', ...names, '@huaweicloud-openapi/core', '--registry', `${registry.url}/`, '--userconfig', registry.npmrc, '--cache', path.join(consumer, '.npm-cache'), '--no-audit', '--no-fund'],
        consumer,
      );
      expect(result.status, `${result.output}\n${registry.log()}`).toBe(0);
      const lock = JSON.parse(await readFile(path.join(consumer, 'package-lock.json'), 'utf8'));
      expect(lock.packages['node_modules/@huaweicloud-openapi/live'].version).toBe(packages.find((found) => found.name.endsWith('/live'))!.version);
      expect(lock.packages['node_modules/openapi-fetch']).toBeDefined();
      await writeFile(path.join(consumer, 'consumer.ts'), consumerSource);
    }, 300_000);
  });

  // One tsc per resolution, side by side.
  describe('installed', () => {
    it.concurrent.for(['nodenext', 'bundler'] as const)('type-checks a consumer under strict with moduleResolution %s', async (resolution, { expect }) => {
      await writeFile(path.join(consumer, `tsconfig.${resolution}.json`), JSON.stringify(tsconfig(resolution), null, 2));
      const result = await run(tsc, ['-p', `tsconfig.${resolution}.json`], consumer);
      expect(result.output.trim()).toBe('');
      expect(result.status).toBe(0);
    });
  });

  it('runs in Node: one AK/SK-signed DELETE per service, each verified by the server', async () => {
    let server: VerifyingServer | undefined;
    try {
      server = await startVerifyingServer({ keys: { 'AK-CONSUMER': 'sk-consumer' } });
      await writeFile(path.join(consumer, 'main.mjs'), "import { run } from './dist/consumer.js';\nconsole.log(JSON.stringify(await run(process.argv[2])));\n");
      // Asynchronously: the server answering it lives in this process.
      const { stdout: output } = await promisify(execFile)(process.execPath, ['main.mjs', server.url], { cwd: consumer, encoding: 'utf8' });
      expect(JSON.parse(output)).toEqual({ live: 204, mpc: 204, vod: 204, dis: 204, signRequest: 204 });
      expect(server.checks).toHaveLength(5);
      expect(server.checks.every((check) => check.ok && check.accessKey === 'AK-CONSUMER')).toBe(true);
      expect(server.requests.map((request) => `${request.method} ${request.pathname}`)).toEqual([
        'DELETE /v1/consumer-project/pull/stream/task',
        'DELETE /v1/consumer-project/transcodings/task',
        'DELETE /v1/consumer-project/asset/editing/tasks',
        'DELETE /v2/consumer-project/streams/stream-1/transfer-tasks/dump-1',
        'GET /v1/consumer-project/ping',
      ]);
    } finally {
      await server?.close();
    }
  }, 60_000);

  it('bundles for the browser with esbuild, with no Node built-in', async () => {
    await mkdir(path.join(consumer, 'web'), { recursive: true });
    const result = await build({
      entryPoints: [path.join(consumer, 'consumer.ts')],
      absWorkingDir: consumer,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      outfile: path.join(consumer, 'web', 'consumer.js'),
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes('node_modules/@huaweicloud-openapi/core/dist/hash-web.js'))).toBe(true);
    expect(inputs.some((input) => /send-node|hash-node|^node:/.test(input))).toBe(false);
    expect(inputs.some((input) => input.includes('node_modules/openapi-fetch/'))).toBe(true);
  });
});
