// `pnpm bench:scale`: the pipeline on synthetic workspaces of N services.
//
// For each N, a temporary copy of this workspace (root config, scripts/,
// specs/common, packages/core) gets N synthetic specs (bench/scale/synthetic.ts,
// 20 operations each, from a fixed seed), its packages are scaffolded and
// installed (pinned by this repository's lockfile, from the pnpm store), and then three timed runs of
// `turbo run lint generate build typecheck`: cold (empty cache), again with
// no change, and after changing one spec. Wall time and the peak resident
// memory of the whole process tree (sampled every 200 ms) are recorded per run.
//
//   node --import tsx scale.ts [--sizes 10,50,200] [--seed 20261122] [--write]
//   --write   replace the scale section of BENCHMARKS.md and write bench/scale/chart.svg
//   --json    print the measurements as JSON instead of the table (the smoke test reads it)
import { spawn, execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { repoRoot } from '@huaweicloud-openapi/scripts/services';
import { renderChart } from './scale/chart.ts';
import { OPERATIONS_PER_SERVICE, serviceName, syntheticSpec } from './scale/synthetic.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,50,200' },
    seed: { type: 'string', default: '20261122' },
    write: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map((size) => Number(size.trim()));
if (sizes.some((size) => !Number.isInteger(size) || size < 1 || size > 1000)) {
  throw new Error(`--sizes must be a comma-separated list of integers from 1 to 1000; got "${values.sizes}".`);
}
const seed = Number(values.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer; got "${values.seed}".`);

export const STEPS = ['cold', 'no change', 'one spec changed'] as const;
export type Step = (typeof STEPS)[number];

export interface Measurement {
  n: number;
  step: Step;
  seconds: number;
  peakMemoryMb: number;
  tasksRun: number;
  tasksCached: number;
  tasksTotal: number;
}

const PAGE_KB = 4;

/** Sum of RSS over a process and all its descendants, from /proc/<pid>/stat (one short line each). */
async function treeRssKb(rootPid: number): Promise<number> {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (entry.charCodeAt(0) > 57) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'latin1');
      // After "pid (comm) ": state, ppid, … and rss (in pages) as the 22nd field after comm.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      rss.set(pid, Number(fields[21]) * PAGE_KB);
      const siblings = children.get(ppid);
      if (siblings) siblings.push(pid);
      else children.set(ppid, [pid]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Runs a command, sampling the memory of its process tree every 100 ms. */
async function measured(command: string, args: string[], cwd: string): Promise<{ seconds: number; peakMemoryMb: number; output: string }> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', REDOCLY_TELEMETRY: 'off', FORCE_COLOR: '0' } });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let peakKb = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakKb = Math.max(peakKb, await treeRssKb(child.pid!));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  const code: number = await new Promise((resolve) => child.on('close', (exit) => resolve(exit ?? 1)));
  sampling = false;
  await sampler;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${code}) in ${cwd}:\n${output.slice(-6000)}`);
  return { seconds, peakMemoryMb: peakKb / 1024, output };
}

/** A workspace like this one with `n` synthetic services. */
async function createWorkspace(n: number): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), `hcopenapi-scale-${n}-`));
  for (const entry of ['package.json', '.gitignore', 'turbo.json', 'tsconfig.base.json', 'specs/common', 'scripts', 'packages/core']) {
    await cp(path.join(repoRoot, entry), path.join(root, entry), {
      recursive: true,
      filter: (source) => !/(^|\/)(node_modules|dist|\.turbo|test)(\/|$)/.test(path.relative(repoRoot, source)),
    });
  }
  const workspace = parse(await readFile(path.join(repoRoot, 'pnpm-workspace.yaml'), 'utf8'));
  await writeFile(path.join(root, 'pnpm-workspace.yaml'), stringify({ ...workspace, packages: ['packages/*', 'scripts'] }));
  const redocly = parse(await readFile(path.join(repoRoot, 'redocly.yaml'), 'utf8'));
  redocly.apis = {};
  for (let index = 0; index < n; index++) {
    const name = serviceName(index);
    redocly.apis[name] = { root: `specs/${name}/openapi.yaml` };
    await mkdir(path.join(root, 'specs', name), { recursive: true });
    await writeFile(path.join(root, 'specs', name, 'openapi.yaml'), syntheticSpec(index, seed));
  }
  await writeFile(path.join(root, 'redocly.yaml'), stringify(redocly));
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  execFileSync(tsx, [path.join(repoRoot, 'scripts', 'generate.ts'), '--scaffold', '--root', root], { stdio: ['ignore', 'ignore', 'inherit'] });
  // This repository's lockfile pins every version; packages come from the store this repository
  // was installed from, metadata of the new importers' ranges from the npm registry when not cached.
  await cp(path.join(repoRoot, 'pnpm-lock.yaml'), path.join(root, 'pnpm-lock.yaml'));
  execFileSync('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile', '--config.confirmModulesPurge=false'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  // Like this repository: the generated files of every service are committed.
  execFileSync(tsx, [path.join(repoRoot, 'scripts', 'generate.ts'), '--root', root, '--skip-lint'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('git', ['init', '-q'], { cwd: root });
  execFileSync('git', ['add', '-A'], { cwd: root });
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-qm', 'synthetic workspace'], { cwd: root });
  return root;
}

function turboCounts(output: string): { run: number; cached: number; total: number } {
  const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
  if (!cached) throw new Error(`turbo printed no task summary:\n${output.slice(-2000)}`);
  return { cached: Number(cached[1]), total: Number(cached[2]), run: Number(cached[2]) - Number(cached[1]) };
}

async function measureSize(n: number): Promise<Measurement[]> {
  console.error(`\nN = ${n}: creating the workspace…`);
  const root = await createWorkspace(n);
  const turbo = path.join(root, 'node_modules', '.bin', 'turbo');
  const args = ['run', 'lint', 'generate', 'build', 'typecheck', '--output-logs=errors-only', '--no-daemon'];
  const results: Measurement[] = [];
  try {
    for (const step of STEPS) {
      if (step === 'one spec changed') {
        const spec = path.join(root, 'specs', serviceName(0), 'openapi.yaml');
        const text = await readFile(spec, 'utf8');
        await writeFile(spec, text.replace('Generated by bench/scale', 'Generated (and then edited) by bench/scale'));
      }
      console.error(`N = ${n}: ${step}…`);
      const run = await measured(turbo, args, root);
      const counts = turboCounts(run.output);
      results.push({ n, step, seconds: run.seconds, peakMemoryMb: run.peakMemoryMb, tasksRun: counts.run, tasksCached: counts.cached, tasksTotal: counts.total });
      console.error(`  ${run.seconds.toFixed(1)} s, peak ${run.peakMemoryMb.toFixed(0)} MB, ${counts.run} of ${counts.total} tasks run`);
    }
  } finally {
    if (!values.keep) await rm(root, { recursive: true, force: true });
    else console.error(`kept ${root}`);
  }
  return results;
}

function table(results: Measurement[]): string {
  const lines = [
    '| N | step | wall time | vs cold | peak memory (process tree) | tasks run / total |',
    '|---:|---|---:|---:|---:|---:|',
  ];
  for (const result of results) {
    const cold = results.find((other) => other.n === result.n && other.step === 'cold')!;
    lines.push(`| ${result.n} | ${result.step} | ${result.seconds.toFixed(1)} s | ${((100 * result.seconds) / cold.seconds).toFixed(1)} % | ${result.peakMemoryMb.toFixed(0)} MB | ${result.tasksRun} / ${result.tasksTotal} |`);
  }
  return lines.join('\n');
}

function targets(results: Measurement[]): string[] {
  const at = (n: number, step: Step) => results.find((result) => result.n === n && result.step === step);
  const ns = [...new Set(results.map((result) => result.n))].sort((a, b) => a - b);
  const largest = ns[ns.length - 1]!;
  const smallest = ns[0]!;
  const lines: string[] = [];
  const coldSmall = at(smallest, 'cold')!;
  const coldLarge = at(largest, 'cold')!;
  const perServiceSmall = coldSmall.seconds / smallest;
  const perServiceLarge = coldLarge.seconds / largest;
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  if (ns.length > 1) {
    lines.push(`- Cold time per service: ${perServiceSmall.toFixed(2)} s at N = ${smallest}, ${perServiceLarge.toFixed(2)} s at N = ${largest} (linear or better when it does not grow): ${verdict(perServiceLarge <= perServiceSmall * 1.1)}.`);
  }
  const cached = at(largest, 'no change')!;
  lines.push(`- No-change rerun at N = ${largest}: ${((100 * cached.seconds) / coldLarge.seconds).toFixed(1)} % of cold (target ≤ 5 %): ${verdict(cached.seconds <= 0.05 * coldLarge.seconds)}.`);
  const changed = at(largest, 'one spec changed')!;
  lines.push(`- One spec changed at N = ${largest}: ${((100 * changed.seconds) / coldLarge.seconds).toFixed(1)} % of cold (target ≤ 10 %), ${changed.tasksRun} task(s) re-run: ${verdict(changed.seconds <= 0.1 * coldLarge.seconds)}.`);
  const peak = Math.max(...results.filter((result) => result.n === largest).map((result) => result.peakMemoryMb));
  lines.push(`- Peak memory at N = ${largest}: ${peak.toFixed(0)} MB (target < 2048 MB): ${verdict(peak < 2048)}.`);
  return lines;
}

const benchStarted = Date.now();
const all: Measurement[] = [];
for (const n of sizes) all.push(...(await measureSize(n)));
const minutes = (Date.now() - benchStarted) / 60_000;
const machine = `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; seed ${seed}; ${OPERATIONS_PER_SERVICE} operations per service; the whole benchmark, set-up included, took ${minutes.toFixed(1)} minutes.`;
const report = `${table(all)}\n\n${targets(all).join('\n')}\n\n${machine}`;
console.log(values.json ? JSON.stringify(all) : `\n${report}`);

if (values.write) {
  const chart = path.join(repoRoot, 'bench', 'scale', 'chart.svg');
  await writeFile(chart, renderChart(all));
  const file = path.join(repoRoot, 'BENCHMARKS.md');
  const [start, end] = ['<!-- bench:scale:start -->', '<!-- bench:scale:end -->'];
  const text = await readFile(file, 'utf8');
  const [from, to] = [text.indexOf(start), text.indexOf(end)];
  if (from === -1 || to < from) throw new Error(`${file} has no ${start} … ${end} section to replace.`);
  await writeFile(file, `${text.slice(0, from + start.length)}\n${report}\n\n![Wall time against N for each step](bench/scale/chart.svg)\n${text.slice(to)}`);
  console.log('\nBENCHMARKS.md and bench/scale/chart.svg updated.');
}
