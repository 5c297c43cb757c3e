// `pnpm bench` (last step), or alone after `pnpm build`:
// `pnpm --filter @huaweicloud-openapi/bench run upload [--quick]`.
// Upload throughput of `uploadAsset` (@huaweicloud-openapi/vod/upload) against
// plain PUTs of the same bytes to the same local server: the imitation of VOD
// and OBS the vod tests use, in its own process on 127.0.0.1. Each scenario
// sends the same file from disk; they run interleaved for a number of rounds
// and the median MB/s is reported, with the peak RSS growth of this process
// while the scenario ran. Writes the figures to BENCHMARKS.md.
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createVodBareClient, createAssetByFileUpload, ok } from '@huaweicloud-openapi/vod';
import { uploadAsset } from '@huaweicloud-openapi/vod/upload';
import { median } from './measure.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const MiB = 1024 * 1024;
const settings = quick ? { rounds: 1, sizeMiB: 24 } : { rounds: 7, sizeMiB: 256 };
const projectId = 'bench-project';

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench', 'upload-server.ts'), projectId], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`upload benchmark server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  return { url: line.trim(), stop: () => child.kill('SIGTERM') };
}

/** One PUT of the file with node:http, streamed from disk: the least a client can do. */
function nodePut(url: string, file: string, size: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: 'PUT', headers: { 'content-type': 'video/mp4', 'content-length': size } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`))));
    });
    outgoing.on('error', reject);
    createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(outgoing);
  });
}

/** One PUT with Node's global fetch, the body streamed from disk. */
async function fetchPut(url: string, file: string, size: number): Promise<void> {
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'video/mp4', 'content-length': String(size) },
    body: createReadStream(file, { highWaterMark: 256 * 1024 }) as unknown as BodyInit,
    duplex: 'half',
  } as RequestInit);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
}

const { url, stop } = await startServer();
const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-upload-'));
try {
  const size = settings.sizeMiB * MiB;
  const file = path.join(dir, 'bench.mp4');
  const bytes = Buffer.alloc(size);
  for (let at = 0; at < size; at += 4) bytes.writeUInt32LE((at * 2654435761) >>> 0, at);
  await writeFile(file, bytes);

  const vod = createVodBareClient({ endpoint: url, projectId, credentials: { token: 'bench-token' }, timeoutMs: 600_000 });
  // A presigned PUT URL to send the plain PUTs to (the server accepts a URL it issued any number of times).
  const presigned = ok(await createAssetByFileUpload(vod, { body: { title: 'bench', video_name: 'bench.mp4', video_type: 'MP4' } })).video_upload_url!;

  const scenarios: { name: string; run: () => Promise<unknown> }[] = [
    { name: 'plain PUT, node:http', run: () => nodePut(presigned, file, size) },
    { name: 'plain PUT, fetch', run: () => fetchPut(presigned, file, size) },
    { name: 'uploadAsset, one PUT', run: () => uploadAsset(vod, { file, title: 'bench', multipartThreshold: Number.MAX_SAFE_INTEGER }) },
    { name: 'uploadAsset, multipart 8 MiB × 4', run: () => uploadAsset(vod, { file, title: 'bench', partSize: 8 * MiB, concurrency: 4, multipartThreshold: 0 }) },
    { name: 'uploadAsset, multipart 16 MiB × 2', run: () => uploadAsset(vod, { file, title: 'bench', partSize: 16 * MiB, concurrency: 2, multipartThreshold: 0 }) },
  ];
  for (const scenario of scenarios) await scenario.run(); // warm-up
  const samples = new Map(scenarios.map((scenario) => [scenario.name, { mbps: [] as number[], rss: 0 }]));
  for (let round = 0; round < settings.rounds; round++) {
    for (const scenario of scenarios) {
      (globalThis as { gc?: () => void }).gc?.();
      const base = process.memoryUsage().rss;
      let peak = base;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      const started = performance.now();
      await scenario.run();
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      const sample = samples.get(scenario.name)!;
      sample.mbps.push(size / MiB / seconds);
      sample.rss = Math.max(sample.rss, peak - base);
    }
  }

  const baseline = median(samples.get('plain PUT, node:http')!.mbps);
  const fmt = (value: number) => value.toFixed(0);
  const rows = [
    '| scenario | MiB/s (median) | rounds min–max | vs plain PUT (node:http) | peak RSS growth |',
    '|---|---:|---:|---:|---:|',
    ...[...samples].map(([name, { mbps, rss }]) => `| ${name} | ${fmt(median(mbps))} | ${fmt(Math.min(...mbps))}–${fmt(Math.max(...mbps))} | ${(median(mbps) / baseline).toFixed(2)}× | ${(rss / MiB).toFixed(0)} MiB |`),
  ];
  const machine = `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, a ${settings.sizeMiB} MiB file, ${settings.rounds} rounds, median of rounds`;
  console.log(`\n${rows.join('\n')}\n\n${machine}`);

  if (!quick) {
    const target = path.join(repoRoot, 'BENCHMARKS.md');
    const text = await readFile(target, 'utf8');
    const start = '<!-- bench:upload:start -->';
    const end = '<!-- bench:upload:end -->';
    const section = `${start}\n${rows.join('\n')}\n\n${machine}; ${new Date().toISOString().slice(0, 10)}.\n${end}`;
    if (!text.includes(start)) throw new Error(`BENCHMARKS.md has no ${start} … ${end} section to fill`);
    await writeFile(target, text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), section));
    console.log('\nBENCHMARKS.md updated.');
  }
} finally {
  stop();
  await rm(dir, { recursive: true, force: true });
}
