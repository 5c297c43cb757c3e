// `pnpm bench` (last step), or alone after `pnpm build`:
// `pnpm --filter @huaweicloud-openapi/bench run dis [--quick]`.
// Records per second through `putRecords` and `readRecords`
// (@huaweicloud-openapi/dis/records) against raw fetch requests signed with
// core's `signRequest`, to the same local imitation of DIS's data plane
// (bench/dis-server.ts, its own process on 127.0.0.1). Both sides send the
// same records in the same batches of 500 (base64), one request at a time,
// and read the same partition by cursors until an empty read. Scenarios run
// interleaved for a number of rounds; the median records/s is reported.
// Writes the figures to BENCHMARKS.md.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { signRequest } from '@huaweicloud-openapi/core';
import { akskSigner, createDisBareClient } from '@huaweicloud-openapi/dis';
import { putRecords, readRecords } from '@huaweicloud-openapi/dis/records';
import { median } from './measure.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const settings = quick ? { rounds: 1, records: 2_000, recordBytes: 200 } : { rounds: 7, records: 20_000, recordBytes: 200 };
const batchSize = 500;
const projectId = 'bench-project';
const keys = { accessKey: 'BENCHAK000000000000', secretKey: 'bench-secret-key-0123456789abcdefghijklmn' };

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench', 'dis-server.ts'), projectId], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`DIS benchmark server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  return { url: line.trim(), stop: () => child.kill('SIGTERM') };
}

/** A signed request with fetch; the JSON answer, or an error for a status other than 200. */
async function signedFetch(url: string, init: RequestInit = {}): Promise<any> {
  const response = await fetch(await signRequest(new Request(url, init), keys));
  const body = await response.json();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** SendRecords by hand: the records in batches of 500, base64, one request at a time. */
async function rawPut(endpoint: string, stream: string, records: Uint8Array[]): Promise<number> {
  let stored = 0;
  for (let at = 0; at < records.length; at += batchSize) {
    const batch = records.slice(at, at + batchSize).map((bytes) => ({ data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'), partition_id: '0' }));
    const body = await signedFetch(`${endpoint}/v2/${projectId}/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stream_name: stream, records: batch }) });
    if (body.failed_record_count !== 0) throw new Error('raw put: records failed');
    stored += body.records.length;
  }
  return stored;
}

/** ShowCursor then ConsumeRecords by hand until an empty read, each record's data decoded. */
async function rawRead(endpoint: string, stream: string): Promise<number> {
  const query = new URLSearchParams({ 'stream-name': stream, 'partition-id': 'shardId-0000000000', 'cursor-type': 'TRIM_HORIZON' });
  let cursor: string = (await signedFetch(`${endpoint}/v2/${projectId}/cursors?${query}`)).partition_cursor;
  let count = 0;
  for (;;) {
    const body = await signedFetch(`${endpoint}/v2/${projectId}/records?${new URLSearchParams({ 'partition-cursor': cursor })}`);
    if (body.records.length === 0) return count;
    for (const record of body.records) if (Buffer.from(record.data, 'base64').length !== settings.recordBytes) throw new Error('raw read: wrong record size');
    count += body.records.length;
    cursor = body.next_partition_cursor;
  }
}

const { url, stop } = await startServer();
try {
  const records = Array.from({ length: settings.records }, (_, i) => {
    const bytes = new Uint8Array(settings.recordBytes);
    for (let at = 0; at < bytes.length; at++) bytes[at] = (i * 31 + at * 7) & 0xff;
    return bytes;
  });
  const dis = createDisBareClient({ endpoint: url, projectId, credentials: keys, signer: akskSigner });
  // The stream both readers read: the same records, stored once.
  await putRecords(dis, { stream: 'source', records, partitionId: 0 });

  const expect = (what: string, count: number) => {
    if (count !== settings.records) throw new Error(`${what}: ${count} records, expected ${settings.records}`);
  };
  const scenarios: { name: string; run: () => Promise<void> }[] = [
    { name: 'raw put (fetch + signRequest)', run: async () => expect('raw put', await rawPut(url, 'sink', records)) },
    { name: 'putRecords', run: async () => expect('putRecords', (await putRecords(dis, { stream: 'sink', records, partitionId: 0 })).length) },
    { name: 'raw read (fetch + signRequest)', run: async () => expect('raw read', await rawRead(url, 'source')) },
    {
      name: 'readRecords',
      run: async () => {
        let count = 0;
        for await (const record of readRecords(dis, { stream: 'source', partition: 0, from: 'TRIM_HORIZON', stopWhenEmpty: true })) {
          if (record.data.length !== settings.recordBytes) throw new Error('readRecords: wrong record size');
          count++;
        }
        expect('readRecords', count);
      },
    },
  ];
  for (const scenario of scenarios) await scenario.run(); // warm-up
  const samples = new Map(scenarios.map((scenario) => [scenario.name, [] as number[]]));
  for (let round = 0; round < settings.rounds; round++) {
    for (const scenario of scenarios) {
      const started = performance.now();
      await scenario.run();
      samples.get(scenario.name)!.push(settings.records / ((performance.now() - started) / 1000));
    }
  }

  const baselines: Record<string, string> = {
    'raw put (fetch + signRequest)': 'raw put (fetch + signRequest)',
    putRecords: 'raw put (fetch + signRequest)',
    'raw read (fetch + signRequest)': 'raw read (fetch + signRequest)',
    readRecords: 'raw read (fetch + signRequest)',
  };
  const fmt = (value: number) => Math.round(value).toLocaleString('en-US');
  const rows = [
    '| scenario | records/s (median) | rounds min–max | vs raw |',
    '|---|---:|---:|---:|',
    ...[...samples].map(([name, rates]) => `| ${name} | ${fmt(median(rates))} | ${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))} | ${(median(rates) / median(samples.get(baselines[name]!)!)).toFixed(2)}× |`),
  ];
  const machine = `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${settings.records.toLocaleString('en-US')} records of ${settings.recordBytes} bytes, batches of ${batchSize}, AK/SK, ${settings.rounds} rounds, median of rounds`;
  console.log(`\n${rows.join('\n')}\n\n${machine}`);

  if (!quick) {
    const target = path.join(repoRoot, 'BENCHMARKS.md');
    const text = await readFile(target, 'utf8');
    const start = '<!-- bench:dis:start -->';
    const end = '<!-- bench:dis:end -->';
    const section = `${start}\n${rows.join('\n')}\n\n${machine}; ${new Date().toISOString().slice(0, 10)}.\n${end}`;
    if (!text.includes(start)) throw new Error(`BENCHMARKS.md has no ${start} … ${end} section to fill`);
    await writeFile(target, text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), section));
    console.log('\nBENCHMARKS.md updated.');
  }
} finally {
  stop();
}
