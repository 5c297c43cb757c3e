// `pnpm bench` (this workspace package's `bench` script): request throughput of our clients against raw fetch and the
// official SDK's HcClient, and signer throughput against the official
// AKSKSigner — all in one run, as ratios. The server runs in its own process
// on 127.0.0.1. Writes the figures to BENCHMARKS.md.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { signRequest } from '@huaweicloud-openapi/core';
import { createLiveClient } from '@huaweicloud-openapi/live';
import { compare } from './measure.ts';

const require = createRequire(import.meta.url);
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core') as any;
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder') as any;
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as any;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const settings = quick
  ? { rounds: 1, durationMs: 300, concurrency: 8, warmupMs: 100 }
  : { rounds: 7, durationMs: 3_000, concurrency: 8, warmupMs: 1_000 };

async function startServer(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench', 'server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`benchmark server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  return { port: Number(line), stop: () => child.kill('SIGTERM') };
}

const projectId = '0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6';
const keys = { accessKey: 'BENCHAK000000000000', secretKey: 'bench-secret-key-0123456789abcdefghijklmn' };
const token = 'bench-token';

const { port, stop } = await startServer();
const endpoint = `http://127.0.0.1:${port}`;
const url = `${endpoint}/v1/${projectId}/pull/stream/task?task_id=t-1&region=cn-north-4`;
try {
  const liveToken = createLiveClient({ endpoint, projectId, credentials: { token } });
  const liveAksk = createLiveClient({ endpoint, projectId, credentials: keys });
  const hcClient = new ClientBuilder((client: unknown) => client)
    .withCredential(new BasicCredentials().withAk(keys.accessKey).withSk(keys.secretKey).withProjectId(projectId))
    .withEndpoint(endpoint)
    .build();

  const requests = await compare(
    [
      {
        name: 'raw fetch + token header',
        run: async () => (await fetch(url, { method: 'DELETE', headers: { 'X-Auth-Token': token } })).json(),
      },
      { name: 'our client, token', run: () => liveToken.deletePullTask({ task_id: 't-1', region: 'cn-north-4' }) },
      { name: 'our client, AK/SK', run: () => liveAksk.deletePullTask({ task_id: 't-1', region: 'cn-north-4' }) },
      {
        name: 'official HcClient, AK/SK',
        run: () =>
          hcClient.sendRequest({
            method: 'DELETE',
            url: '/v1/{project_id}/pull/stream/task',
            contentType: 'application/json',
            queryParams: { task_id: 't-1', region: 'cn-north-4' },
            pathParams: {},
            headers: {},
          }),
      },
    ],
    settings,
  );

  // Both signers get their request prepared once, as each client prepares it
  // before signing; re-signing replaces X-Sdk-Date and Authorization.
  const signingDate = new Date(Date.UTC(2026, 0, 1));
  const prepared = new Request(url, { method: 'DELETE', headers: { 'X-Project-Id': projectId } });
  const officialRequest = {
    method: 'DELETE',
    endpoint: `${endpoint}/v1/${projectId}/pull/stream/task`,
    queryParams: { task_id: 't-1', region: 'cn-north-4' },
    headers: { 'X-Sdk-Date': '20260101T000000Z', 'X-Project-Id': projectId },
  };
  const officialCredential = { getAk: () => keys.accessKey, getSk: () => keys.secretKey };
  const signers = await compare(
    [
      { name: 'our signRequest', run: () => signRequest(prepared, keys, { date: signingDate }) },
      {
        name: 'official AKSKSigner.sign',
        run: async () => AKSKSigner.sign(officialRequest, officialCredential),
      },
    ],
    { ...settings, concurrency: 1 },
  );

  const raw = requests.get('raw fetch + token header')!.median;
  const hc = requests.get('official HcClient, AK/SK')!.median;
  const ownAksk = requests.get('our client, AK/SK')!.median;
  const ourSigner = signers.get('our signRequest')!.median;
  const theirSigner = signers.get('official AKSKSigner.sign')!.median;
  const fmt = (value: number) => Math.round(value).toLocaleString('en-US');
  const ratio = (value: number) => `${value.toFixed(2)}×`;
  const spread = ({ min, max }: { min: number; max: number }) => `${fmt(min)}–${fmt(max)}`;
  const rows = [
    '| scenario | ops/s (median) | rounds min–max | vs raw fetch | vs official |',
    '|---|---:|---:|---:|---:|',
    ...[...requests].map(([name, value]) => `| ${name} | ${fmt(value.median)} | ${spread(value)} | ${ratio(value.median / raw)} | ${ratio(value.median / hc)} |`),
    ...[...signers].map(([name, value]) => `| ${name} (signatures) | ${fmt(value.median)} | ${spread(value)} | — | ${ratio(value.median / theirSigner)} |`),
  ];
  const targets = [
    `- our AK/SK client / raw fetch = ${ratio(ownAksk / raw)} (target ≥ 0.95×): ${ownAksk / raw >= 0.95 ? 'met' : 'MISSED'}`,
    `- our AK/SK client / official HcClient = ${ratio(ownAksk / hc)} (target ≥ 1.5×): ${ownAksk / hc >= 1.5 ? 'met' : 'MISSED'}`,
    `- our signer / official signer = ${ratio(ourSigner / theirSigner)} (target ≥ 1.5×): ${ourSigner / theirSigner >= 1.5 ? 'met' : 'MISSED'}`,
  ];
  const machine = `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${settings.rounds} rounds × ${settings.durationMs} ms per scenario, ${settings.concurrency} requests in flight, median of rounds`;
  console.log(`\n${rows.join('\n')}\n\n${targets.join('\n')}\n\n${machine}`);

  if (!quick) {
    const file = path.join(repoRoot, 'BENCHMARKS.md');
    const text = await readFile(file, 'utf8');
    const start = '<!-- bench:requests:start -->';
    const end = '<!-- bench:requests:end -->';
    const section = `${start}\n${rows.join('\n')}\n\n${targets.join('\n')}\n\n${machine}; ${new Date().toISOString().slice(0, 10)}.\n${end}`;
    const updated = text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), section);
    await writeFile(file, updated);
    console.log('\nBENCHMARKS.md updated.');
  }
} finally {
  stop();
}
