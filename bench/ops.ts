// `pnpm bench:ops`: what `pnpm test` costs per operation.
//
// For each N, a temporary copy of this workspace (like bench:scale's) gets ONE
// synthetic service of N operations (bench/ops/synthetic.ts: groups of ten
// callables over a resource, in the split spec layout), registered in
// redocly.yaml and scaffolded by the generator; its package gets the
// spec-driven tests of packages/dis/test (bench/ops/package-tests.ts). Then,
// one after another on a cold turbo cache, every step that touches the
// service is timed (wall time, CPU time of the process tree, peak memory):
//
//   what `pnpm all` runs (in `pnpm test` they are cache hits after `pnpm all`):
//     turbo run lint | generate | build | typecheck | docs  --filter=<package>
//   what `pnpm test` runs after `pnpm all`, as .ci/run runs the two:
//     scripts/generate.ts --check
//     turbo run test --filter=<package>            (the package's vitest run)
//     scripts/test/examples.test.ts                (vitest, this service only: it is the only one)
//     scripts/test/docs.browser.test.ts            (builds the docs itself, then Chromium)
//     packaging/test/size.test.ts -t <package>     (this package's bundles)
//   and, as a detail, the docs build the browser check starts.
//
// The cost per operation of each part is the slope between the smallest and
// the largest N: (T(largest) − T(smallest)) / (largest − smallest); what does
// not grow with operations (process start, loading TypeScript, Chromium)
// cancels out. Vitest's JSON reports say which file and suite the time goes to.
//
//   node --import tsx ops.ts [--sizes 30,300] [--seed 20261125] [--write] [--keep] [--json] [--from file]
//   --write   replace the ops section of BENCHMARKS.md
//   --json    print the measurements as JSON instead of the tables
//   --from    report measurements an earlier --json run printed, instead of measuring
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageName } from '@huaweicloud-openapi/scripts/generate/names';
import { repoRoot } from '@huaweicloud-openapi/scripts/services';
import { MODEL_PACKAGE, packageTestFiles, SPEC_DRIVEN_TESTS } from './ops/package-tests.ts';
import { OPERATIONS_PER_GROUP, SERVICE, syntheticService } from './ops/synthetic.ts';
import { createWorkspace, measured, turboCounts, type MeasuredRun } from './workspace.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '30,300' },
    seed: { type: 'string', default: '20261125' },
    write: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    from: { type: 'string' },
  },
});
const sizes = [...new Set(values.sizes.split(',').map((size) => Number(size.trim())))].sort((a, b) => a - b);
if (sizes.length < 2 || sizes.some((size) => !Number.isInteger(size) || size < 1 || size > 2000)) {
  throw new Error(`--sizes must list at least two integers from 1 to 2000, comma-separated; got "${values.sizes}".`);
}
const seed = Number(values.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer; got "${values.seed}".`);

/** Per operation, what `pnpm test` may cost on this 2-core machine. */
const TARGET_SECONDS_PER_OPERATION = 0.5;
const PACKAGE = packageName(SERVICE);

type Stage = 'pnpm all' | 'pnpm test' | 'detail';

interface Part {
  id: string;
  label: string;
  stage: Stage;
  /** What to run in the workspace at `root`; `report` is where vitest writes its JSON report, `site` a folder for docs. */
  command(root: string, report: string, site: string): { command: string; args: string[]; cwd: string; turbo?: boolean };
}

const bin = (root: string, name: string) => path.join(root, 'node_modules', '.bin', name);
const reporters = (report: string) => ['--reporter=dot', '--reporter=json', `--outputFile.json=${report}`];
/** One turbo task of the package; `pass` goes to the task's script. */
const turboTask = (root: string, task: string, options: { logs?: 'errors-only' | 'full'; pass?: string[] } = {}) => ({
  command: bin(root, 'turbo'),
  args: ['run', task, `--filter=${PACKAGE}`, `--output-logs=${options.logs ?? 'errors-only'}`, '--no-daemon', ...(options.pass ? ['--', ...options.pass] : [])],
  cwd: root,
  turbo: true,
});

const PARTS: Part[] = [
  { id: 'lint', label: 'lint', stage: 'pnpm all', command: (root) => turboTask(root, 'lint') },
  { id: 'generate', label: 'generate', stage: 'pnpm all', command: (root) => turboTask(root, 'generate') },
  { id: 'build', label: 'build', stage: 'pnpm all', command: (root) => turboTask(root, 'build') },
  { id: 'typecheck', label: 'typecheck', stage: 'pnpm all', command: (root) => turboTask(root, 'typecheck') },
  { id: 'docs', label: 'docs page', stage: 'pnpm all', command: (root) => turboTask(root, 'docs') },
  {
    id: 'generate-check',
    label: 'generate --check',
    stage: 'pnpm test',
    command: (root) => ({ command: bin(root, 'tsx'), args: ['scripts/generate.ts', '--check'], cwd: root }),
  },
  {
    id: 'package-tests',
    label: `package tests (packages/${MODEL_PACKAGE}/test's ${SPEC_DRIVEN_TESTS.join(', ')}; types.test-d.ts)`,
    stage: 'pnpm test',
    // Full logs: vitest's summary line (import, tests, typecheck) is read from them.
    command: (root, report) => turboTask(root, 'test', { logs: 'full', pass: reporters(report) }),
  },
  {
    id: 'examples',
    label: 'spec examples (scripts/test/examples.test.ts)',
    stage: 'pnpm test',
    command: (root, report) => ({ command: bin(root, 'vitest'), args: ['run', 'test/examples.test.ts', ...reporters(report)], cwd: path.join(root, 'scripts') }),
  },
  {
    id: 'docs-build',
    label: 'the docs build it starts',
    stage: 'detail',
    // As docs.browser.test.ts starts it.
    command: (root, _report, site) => ({ command: bin(root, 'tsx'), args: ['scripts/docs.ts', '--out', site, '--index', SERVICE], cwd: root }),
  },
  {
    id: 'docs-browser',
    label: 'docs in Chromium (scripts/test/docs.browser.test.ts)',
    stage: 'pnpm test',
    command: (root, report) => ({ command: bin(root, 'vitest'), args: ['run', 'test/docs.browser.test.ts', ...reporters(report)], cwd: path.join(root, 'scripts') }),
  },
  {
    id: 'size',
    label: 'bundle sizes (packaging/test/size.test.ts)',
    stage: 'pnpm test',
    command: (root, report) => ({ command: bin(root, 'vitest'), args: ['run', 'test/size.test.ts', '-t', PACKAGE, ...reporters(report)], cwd: path.join(root, 'packaging') }),
  },
];

export interface PartMeasurement {
  part: string;
  /** Tests that failed (a timeout or a budget at large N, say), or -1 when the step failed otherwise (a hook, a crash). */
  failures: number;
  /** Titles of the failed tests. */
  failed?: string[];
  seconds: number;
  cpuSeconds: number;
  peakMemoryMb: number;
  /** Seconds by `file › suite › test kind`, from vitest's JSON report (tests and their hooks, not start-up). */
  breakdown: Record<string, number>;
  /** vitest's own account: seconds importing the test files (collection), in tests, in the typecheck pass. */
  phases: Record<string, number>;
  tests: number;
}

export interface SizeMeasurement {
  n: number;
  groups: number;
  parts: PartMeasurement[];
  /** 1-minute load average before the first and after the last part: the machine is shared. */
  load: [number, number];
}

interface VitestReport {
  numTotalTests: number;
  numFailedTests: number;
  testResults: Array<{
    name: string;
    startTime: number;
    endTime: number;
    assertionResults: Array<{ ancestorTitles: string[]; title: string; fullName: string; status: string; duration: number | null }>;
  }>;
}

/**
 * What a test is, without the operation it is about: "operations.test.ts ›
 * every callable against a recording server › refuses a not in enum before
 * sending, naming it". Operation names, statuses and places are dropped, so
 * that all operations' tests of one kind add up to one line.
 */
function testKind(file: string, ancestors: string[], title: string): string {
  // vitest quotes interpolated names ('CreateStream'); places in parentheses go first, so that
  // an apostrophe left in the text ("the caller's") has no partner.
  const plain = (text: string) => text.replace(/\([^)]*\)/g, '').replace(/'([^']*)'/g, '$1');
  const suite = plain(ancestors[0] ?? '')
    .replace(new RegExp(`^${SERVICE}:? `), '')
    .replace(/^paginate\w+$/, 'paginators')
    .replace(/^waiter on \w+$/, 'waiters')
    .replace(new RegExp(`^the ${SERVICE} page$`), 'operation pages')
    .replace(PACKAGE, 'this package')
    .replace(/^test\/.*$/, '');
  const kind = plain(title)
    .replace(/^[A-Z]\w*: /, '')
    // examples.test.ts: "<operationId> request body example <name>", "<operationId> 200 response example <name>", …
    .replace(/^[A-Z]\w* (?=parameter|request|\d)/, '')
    .replace(/ example \S+$/, ' example')
    .replace(/^\w+ alone:/, 'each function alone:')
    .replace(/^shows \w+ completely/, 'shows an operation completely')
    .replace(/^until \w+:/, 'until a target:')
    .replace(/^requires \w+,/, 'requires the parameter that picks the task,')
    .replace(/\b\d[\dX]*\b/g, 'N')
    .replace(/\s+/g, ' ')
    .trim();
  return [file, suite, kind].filter(Boolean).join(' › ');
}

/** Seconds by kind of test, and per file what its hooks took beyond its tests (servers, the docs build, Chromium's start). */
function breakdownOf(report: VitestReport): Record<string, number> {
  const seconds: Record<string, number> = {};
  const add = (key: string, value: number) => (seconds[key] = (seconds[key] ?? 0) + value);
  for (const file of report.testResults) {
    const name = path.basename(file.name);
    let tests = 0;
    for (const result of file.assertionResults) {
      const duration = (result.duration ?? 0) / 1000;
      add(testKind(name, result.ancestorTitles, result.title), duration);
      tests += duration;
    }
    add(`${name} › hooks`, Math.max(0, (file.endTime - file.startTime) / 1000 - tests));
  }
  return seconds;
}

/** vitest's closing "Duration … (transform …, import …, tests …, typecheck …)" line, in seconds per phase. */
function vitestPhases(output: string): Record<string, number> {
  const line = /Duration\s+[\d.]+m?s\s*\(([^)]*)\)/.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
  const phases: Record<string, number> = {};
  for (const [, name, value, unit] of line?.[1]!.matchAll(/(\w+) ([\d.]+)(ms|s)/g) ?? []) phases[name!] = Number(value) / (unit === 'ms' ? 1000 : 1);
  return phases;
}

async function packagingManifest(root: string): Promise<void> {
  // packaging/ as this repository has it, but depending on the synthetic package only: size.test.ts reads
  // every registered service, and here that is the one.
  const manifest = JSON.parse(await readFile(path.join(repoRoot, 'packaging', 'package.json'), 'utf8'));
  const keep = ['@huaweicloud-openapi/core', '@huaweicloud-openapi/scripts', 'esbuild'];
  manifest.devDependencies = {
    ...Object.fromEntries(Object.entries(manifest.devDependencies as Record<string, string>).filter(([name]) => keep.includes(name))),
    [PACKAGE]: 'workspace:*',
  };
  await writeFile(path.join(root, 'packaging', 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

async function measureSize(n: number): Promise<SizeMeasurement> {
  console.error(`\nN = ${n}: creating the workspace…`);
  const service = syntheticService(n, seed);
  const root = await createWorkspace({
    prefix: `hcopenapi-ops-${n}-`,
    specs: service.files,
    services: [SERVICE],
    extra: ['scripts/test/examples.test.ts', 'scripts/test/docs.browser.test.ts', 'packaging/size.ts', 'packaging/test/size.test.ts', 'packaging/vitest.config.ts', 'packaging/tsconfig.json', 'packaging/package.json'],
    packages: ['packaging'],
    beforeInstall: async (workspace) => {
      await packagingManifest(workspace);
      const tests = await packageTestFiles(SERVICE, service.hasFirstShow ? service.resources[0] : undefined);
      await mkdir(path.join(workspace, 'packages', SERVICE, 'test'), { recursive: true });
      for (const [name, text] of Object.entries(tests)) await writeFile(path.join(workspace, 'packages', SERVICE, 'test', name), text);
    },
  });
  const scratch = await mkdtemp(path.join(tmpdir(), 'hcopenapi-ops-scratch-'));
  const parts: PartMeasurement[] = [];
  const loadBefore = loadavg()[0]!;
  try {
    // What every part needs and no part should pay for: core and the bundled scripts.
    await measured(bin(root, 'turbo'), ['run', 'build', '--filter=@huaweicloud-openapi/core', '--filter=@huaweicloud-openapi/scripts', '--output-logs=errors-only', '--no-daemon'], root);
    for (const part of PARTS) {
      const report = path.join(scratch, `${part.id}.json`);
      const site = path.join(scratch, `site-${part.id}`);
      const { command, args, cwd, turbo } = part.command(root, report, site);
      console.error(`N = ${n}: ${part.id}…`);
      // A suite that fails at a large N (a test over its timeout) is a finding, not a reason to lose the other figures.
      const run: MeasuredRun = await measured(command, args, cwd, { allowFailure: true });
      if (turbo && run.code === 0 && turboCounts(run.output).run === 0) throw new Error(`${part.id}: turbo ran nothing (a cache hit?); the run would not measure the task.`);
      const vitest = (await readFile(report, 'utf8').then(JSON.parse, () => undefined)) as VitestReport | undefined;
      const failures = run.code === 0 ? 0 : vitest?.numFailedTests || -1;
      if (failures !== 0) console.error(`  failed (exit ${run.code}): ${run.output.slice(-3000)}`);
      parts.push({
        part: part.id,
        failures,
        failed: vitest?.testResults.flatMap((file) => file.assertionResults.filter((result) => result.status === 'failed').map((result) => result.fullName)) ?? [],
        seconds: run.seconds,
        cpuSeconds: run.cpuSeconds,
        peakMemoryMb: run.peakMemoryMb,
        breakdown: vitest ? breakdownOf(vitest) : {},
        phases: vitest ? vitestPhases(run.output) : {},
        tests: vitest?.numTotalTests ?? 0,
      });
      console.error(`  ${run.seconds.toFixed(1)} s (CPU ${run.cpuSeconds.toFixed(1)} s), peak ${run.peakMemoryMb.toFixed(0)} MB${vitest ? `, ${vitest.numTotalTests} tests` : ''}`);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
    if (!values.keep) await rm(root, { recursive: true, force: true });
    else console.error(`kept ${root}`);
  }
  return { n, groups: service.resources.length, parts, load: [loadBefore, loadavg()[0]!] };
}

const seconds = (value: number) => `${value.toFixed(1)} s`;

/** ` — **failed at the largest N: "…"**`: a part whose figure is the time to a failing result. */
function failureNote(row: { small: PartMeasurement; large: PartMeasurement }): string {
  const notes = [row.small, row.large].flatMap((part, index) => {
    if (part.failures === 0) return [];
    const n = index === 0 ? 'smallest' : 'largest';
    const what = part.failed?.length ? part.failed.map((title) => `"${title}"`).join(', ') : part.failures > 0 ? `${part.failures} test(s)` : 'the run';
    return [`at the ${n} N: ${what}`];
  });
  return notes.length > 0 ? ` — **failed ${notes.join('; ')}**` : '';
}
const perOperation = (value: number) => `${value.toFixed(3)} s`;

interface Slope {
  id: string;
  label: string;
  stage: Stage;
  small: PartMeasurement;
  large: PartMeasurement;
  perOperation: number;
  cpuPerOperation: number;
}

function slopes(results: SizeMeasurement[]): { slopes: Slope[]; small: SizeMeasurement; large: SizeMeasurement; span: number } {
  const small = results[0]!;
  const large = results[results.length - 1]!;
  const span = large.n - small.n;
  const find = (result: SizeMeasurement, id: string) => result.parts.find((part) => part.part === id)!;
  return {
    small,
    large,
    span,
    slopes: PARTS.map((part) => {
      const [a, b] = [find(small, part.id), find(large, part.id)];
      return { id: part.id, label: part.label, stage: part.stage, small: a, large: b, perOperation: (b.seconds - a.seconds) / span, cpuPerOperation: (b.cpuSeconds - a.cpuSeconds) / span };
    }),
  };
}

function report(results: SizeMeasurement[], minutes: number): string {
  const { slopes: rows, small, large, span } = slopes(results);
  const lines = [
    `| part | runs in | N = ${small.n} | N = ${large.n} | per operation | CPU per operation |`,
    '|---|---|---:|---:|---:|---:|',
  ];
  const total = (stage: Stage) => {
    const chosen = rows.filter((row) => row.stage === stage);
    const sum = (pick: (row: Slope) => number) => chosen.reduce((all, row) => all + pick(row), 0);
    return { small: sum((row) => row.small.seconds), large: sum((row) => row.large.seconds), perOperation: sum((row) => row.perOperation), cpu: sum((row) => row.cpuPerOperation) };
  };
  for (const stage of ['pnpm test', 'pnpm all'] as const) {
    for (const row of rows.filter((item) => item.stage === stage)) {
      lines.push(`| ${row.label}${failureNote(row)} | ${stage} | ${seconds(row.small.seconds)} | ${seconds(row.large.seconds)} | ${perOperation(row.perOperation)} | ${perOperation(row.cpuPerOperation)} |`);
      if (row.id === 'docs-browser') {
        const detail = rows.find((item) => item.stage === 'detail')!;
        lines.push(`| … of which ${detail.label} | | ${seconds(detail.small.seconds)} | ${seconds(detail.large.seconds)} | ${perOperation(detail.perOperation)} | ${perOperation(detail.cpuPerOperation)} |`);
      }
    }
    const sum = total(stage);
    lines.push(`| **${stage}, in all** | | **${seconds(sum.small)}** | **${seconds(sum.large)}** | **${perOperation(sum.perOperation)}** | **${perOperation(sum.cpu)}** |`);
  }
  const test = total('pnpm test');
  const all = total('pnpm all');
  const verdict = test.perOperation <= TARGET_SECONDS_PER_OPERATION ? 'met' : '**missed**';

  // Where the time of `pnpm test` goes, per operation: part by part, the largest first, and inside a
  // part with a vitest report its kinds of test, its files' hooks, collection and typecheck pass.
  const slopeOf = (row: Slope, pick: (part: PartMeasurement) => number) => (pick(row.large) - pick(row.small)) / span;
  const share = (value: number) => `${((100 * value) / test.perOperation).toFixed(0)} %`;
  const whereLines = ['| where (pnpm test) | per operation | share |', '|---|---:|---:|'];
  for (const row of rows.filter((item) => item.stage === 'pnpm test').sort((a, b) => b.perOperation - a.perOperation)) {
    whereLines.push(`| **${row.label.replace(/ \(.*$/, '')}** | **${perOperation(row.perOperation)}** | **${share(row.perOperation)}** |`);
    const keys = new Set([...Object.keys(row.small.breakdown), ...Object.keys(row.large.breakdown)]);
    if (keys.size === 0) continue;
    const inside = [...keys].map((key) => [key, slopeOf(row, (part) => part.breakdown[key] ?? 0)] as [string, number]);
    const covered = inside.reduce((sum, [, value]) => sum + value, 0);
    // vitest's summary: collection (importing the test files) and the typecheck pass come on top of the tests.
    const collection = slopeOf(row, (part) => part.phases.import ?? 0);
    const typecheck = slopeOf(row, (part) => part.phases.typecheck ?? 0);
    inside.push(['collection (importing the test files: loading and bundling the spec, registering every case)', collection]);
    if (typecheck !== 0) inside.push(["vitest's typecheck pass (tsc over the package and types.test-d.ts)", typecheck]);
    inside.push(['the rest (turbo, process start-up, transform)', row.perOperation - covered - collection - typecheck]);
    inside.sort((a, b) => b[1] - a[1]);
    const shown = inside.filter(([, value]) => value >= 0.002).slice(0, 6);
    const other = inside.filter((entry) => !shown.includes(entry)).reduce((sum, [, value]) => sum + value, 0);
    for (const [name, value] of [...shown, ['other', other] as [string, number]]) {
      whereLines.push(`| … ${name.replace(/\|/g, '\\|')} | ${perOperation(value)} | ${share(value)} |`);
    }
  }
  const packageTests = (result: SizeMeasurement) => result.parts.find((part) => part.part === 'package-tests')!.tests;
  const machine =
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
    `seed ${seed}; groups of ${OPERATIONS_PER_GROUP} operations; ${results.map((result) => `N = ${result.n}: ${result.groups} groups, ${packageTests(result)} package tests, load average ${result.load[0].toFixed(1)} → ${result.load[1].toFixed(1)}`).join('; ')}; ` +
    `the whole benchmark, set-up included, took ${minutes.toFixed(1)} minutes.`;
  return [
    lines.join('\n'),
    '',
    `- \`pnpm test\` per operation (after \`pnpm all\`, as .ci/run runs them): ${perOperation(test.perOperation)} (target ≤ ${TARGET_SECONDS_PER_OPERATION} s): ${verdict}. ` +
      `At ${large.n} operations that part of \`pnpm test\` takes ${seconds(test.large)}.`,
    `- On a cold turbo cache \`pnpm test\` also runs what \`pnpm all\` runs: ${perOperation(test.perOperation + all.perOperation)} per operation in all.`,
    '',
    whereLines.join('\n'),
    '',
    machine,
  ].join('\n');
}

let results: SizeMeasurement[] = [];
let minutes: number;
if (values.from) {
  ({ results, minutes } = JSON.parse(await readFile(values.from, 'utf8')) as { results: SizeMeasurement[]; minutes: number });
} else {
  const started = Date.now();
  for (const n of sizes) results.push(await measureSize(n));
  minutes = (Date.now() - started) / 60_000;
}
const text = report(results, minutes);
console.log(values.json ? JSON.stringify({ results, minutes }) : `\n${text}`);

if (values.write) {
  const file = path.join(repoRoot, 'BENCHMARKS.md');
  const [start, end] = ['<!-- bench:ops:start -->', '<!-- bench:ops:end -->'];
  const current = await readFile(file, 'utf8');
  const [from, to] = [current.indexOf(start), current.indexOf(end)];
  if (from === -1 || to < from) throw new Error(`${file} has no ${start} … ${end} section to replace.`);
  await writeFile(file, `${current.slice(0, from + start.length)}\n${text}\n${current.slice(to)}`);
  console.log('\nBENCHMARKS.md updated.');
}
