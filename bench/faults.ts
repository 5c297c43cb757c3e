// `pnpm bench` (after requests.ts), or `pnpm --filter @huaweicloud-openapi/bench run faults`:
// 500 concurrent calls against a server (its own process, 127.0.0.1) that
// resets, stays silent, stalls after the head, cuts bodies short (with and
// without Content-Length), answers HTML, 503 or 2 MiB (chunked); half the faults only on
// the first attempt. Every call must settle (resolve or reject with the
// library's errors) by its deadline; none may hang (the run fails if one does). Prints the figures.
// FAULT_CALLS=<n> and FAULT_KINDS=ok,huge,… narrow a run when looking into one fault.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { akskSigner, createClientConfig, send } from '@huaweicloud-openapi/core';

const CALLS = Number(process.env.FAULT_CALLS ?? 500);
const DEADLINE_MS = 4_000;
const TIMEOUT_MS = 1_500;
/** How late a timer may fire on a loaded machine before a call counts as late. */
const SLACK_MS = 250;
/** A call still pending this long after its deadline hangs. */
const HANG_MS = 10_000;
const FAULTS = ['reset', 'silent', 'stall', 'truncate', 'truncate-chunked', 'html', 'busy', 'huge'];
const KINDS = process.env.FAULT_KINDS ? process.env.FAULT_KINDS.split(',') : ['ok', ...FAULTS];

const here = path.dirname(fileURLToPath(import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fault-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = Number(await new Promise<string>((resolve, reject) => {
  child.once('error', reject);
  child.once('exit', (code) => reject(new Error(`fault server exited with ${code}`)));
  createInterface({ input: child.stdout! }).once('line', resolve);
}));

const client = createClientConfig('live', [{ url: 'https://live.{region}.example.com', regions: ['cn-north-4'] }], {
  endpoint: `http://127.0.0.1:${port}`,
  projectId: '0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6',
  credentials: { accessKey: 'BENCHAK000000000000', secretKey: 'bench-secret-key-0123456789abcdefghijklmn' },
  timeoutMs: TIMEOUT_MS,
  deadlineMs: DEADLINE_MS,
  retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200 },
  maxResponseBytes: 1024 * 1024,
  signer: akskSigner,
});

global.gc?.();
const baseline = process.memoryUsage();
let peakRss = baseline.rss;
let peakHeap = baseline.heapUsed;
const sampler = setInterval(() => {
  const { rss, heapUsed } = process.memoryUsage();
  peakRss = Math.max(peakRss, rss);
  peakHeap = Math.max(peakHeap, heapUsed);
}, 10);

interface Outcome {
  kind: string;
  settled: boolean;
  ms: number;
  result: string;
}
const outcomes: Outcome[] = [];
const started = performance.now();
const calls = Array.from({ length: CALLS }, (_, index) => {
  const kind = KINDS[index % KINDS.length]!;
  const outcome: Outcome = { kind, settled: false, ms: 0, result: 'pending' };
  outcomes.push(outcome);
  const begin = performance.now();
  const method = index % 5 === 4 ? 'POST' : 'GET'; // a POST the server has read is never retried
  return send(client, {
    method,
    path: '/v1/{project_id}/task',
    pathParams: { project_id: client.projectId },
    query: { call: index, fault: kind, once: index % 2 === 1 ? 1 : undefined },
    body: method === 'POST' ? { name: `task-${index}` } : undefined,
  }).then(
    ({ response }) => `HTTP ${response.status}`,
    (error: unknown) => (error as Error)?.name ?? String(error),
  ).then((result) => {
    outcome.settled = true;
    outcome.ms = performance.now() - begin;
    outcome.result = result;
  });
});

let watchdog: NodeJS.Timeout | undefined;
await Promise.race([Promise.all(calls), new Promise((resolve) => (watchdog = setTimeout(resolve, DEADLINE_MS + HANG_MS)))]);
clearTimeout(watchdog);
clearInterval(sampler);
const wall = performance.now() - started;
child.kill('SIGTERM');

const settled = outcomes.filter((outcome) => outcome.settled);
const byDeadline = settled.filter((outcome) => outcome.ms <= DEADLINE_MS + SLACK_MS);
const hung = CALLS - settled.length;
const results = new Map<string, number>();
for (const outcome of settled) results.set(outcome.result, (results.get(outcome.result) ?? 0) + 1);
const slowest = Math.max(0, ...settled.map((outcome) => outcome.ms));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const rows: Array<[string, string]> = [
  ['calls', `${CALLS} concurrent (GET, every 5th a POST); deadlineMs ${DEADLINE_MS}, timeoutMs ${TIMEOUT_MS}, 3 attempts, maxResponseBytes 1 MiB`],
  ['faults', `${outcomes.filter((outcome) => outcome.kind !== 'ok').length} (${FAULTS.join(', ')}; half on the first attempt only)`],
  ['settled by the deadline', `${byDeadline.length} of ${CALLS} (within ${SLACK_MS} ms of it; slowest ${Math.round(slowest)} ms)`],
  ['hung', String(hung)],
  ['outcomes', [...results].sort(([a], [b]) => a.localeCompare(b)).map(([name, count]) => `${name} ${count}`).join(', ')],
  ['peak memory', `RSS ${mb(peakRss)} (+${mb(peakRss - baseline.rss)}), heap ${mb(peakHeap)} (+${mb(peakHeap - baseline.heapUsed)})`],
  ['wall time', `${Math.round(wall)} ms`],
];
console.log('\nFault load (bench/faults.ts)\n');
console.log('| figure | value |\n|---|---|');
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
// Lateness is the machine's (timers fire late under load) and is reported; a hang is the library's and fails the run.
console.log('\n| answer | calls | outcomes |\n|---|---:|---|');
for (const kind of KINDS) {
  for (const once of [false, true]) {
    const group = outcomes.filter((outcome, index) => outcome.kind === kind && index % 2 === (once ? 1 : 0));
    const counts = new Map<string, number>();
    for (const outcome of group) counts.set(outcome.result, (counts.get(outcome.result) ?? 0) + 1);
    const label = kind === 'ok' ? 'ok' : `${kind}${once ? ', first attempt only' : ', every attempt'}`;
    if (kind !== 'ok' || !once) console.log(`| ${label} | ${group.length} | ${[...counts].map(([name, count]) => `${name} ${count}`).join(', ')} |`);
  }
}
if (hung > 0) {
  console.error(`\n${hung} calls hung`);
  process.exitCode = 1;
}
process.exit();
