// What the pipeline benchmarks share: temporary copies of this workspace with
// synthetic services, and commands run in them with their wall time, CPU time
// and peak memory measured.
import { spawn, execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '@huaweicloud-openapi/scripts/services';

/**
 * The environment of every command a benchmark runs: the caller's, without
 * the variables that change what turbo caches or whether it reads its cache.
 * `TURBO_FORCE` re-runs every task (a "no change" run would run them all),
 * `TURBO_CACHE` can make the local cache read-only or absent,
 * `TURBO_REMOTE_ONLY`, `TURBO_REMOTE_CACHE_READ_ONLY`, `TURBO_CACHE_DIR`,
 * `TURBO_CACHE_MAX_AGE`/`_SIZE` and `TURBO_ENV_MODE` change where results go
 * or how they are keyed, and a remote cache (`TURBO_API`, `TURBO_TEAM`,
 * `TURBO_TOKEN`, or Vercel's `VERCEL_ARTIFACTS_*`) could serve a "cold" run
 * from another machine's results. All `TURBO_*` go, not a list of them, so a
 * variable a later turbo adds cannot skew the figures either.
 */
export function benchEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (name.startsWith('TURBO_') || name.startsWith('VERCEL_ARTIFACTS_')) continue;
    env[name] = value;
  }
  return { ...env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', REDOCLY_TELEMETRY: 'off', FORCE_COLOR: '0' };
}

const PAGE_KB = 4;
/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

/** Sum of RSS over a process and all its descendants, from /proc/<pid>/stat (one short line each). */
export async function treeRssKb(rootPid: number): Promise<number> {
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

export interface MeasuredRun {
  /** The command's exit code (always 0 unless `allowFailure`). */
  code: number;
  seconds: number;
  /** User + system CPU time of the command and every process under it that was waited for. */
  cpuSeconds: number;
  peakMemoryMb: number;
  output: string;
}

/**
 * Runs a command, sampling the memory of its process tree every 200 ms. The
 * command runs under `sh`, which, once it has waited for it, reads its own
 * children's CPU time (cutime + cstime) from /proc: on a shared machine CPU
 * time moves less with the neighbours' load than wall time does.
 */
export async function measured(
  command: string,
  args: string[],
  cwd: string,
  options: { env?: NodeJS.ProcessEnv; allowFailure?: boolean } = {},
): Promise<MeasuredRun> {
  const statDir = await mkdtemp(path.join(tmpdir(), 'hcopenapi-cpu-'));
  const statFile = path.join(statDir, 'stat');
  const script = '"$@"; status=$?; read -r stat < /proc/$$/stat; printf "%s\\n" "$stat" > "$0"; exit $status';
  const started = process.hrtime.bigint();
  const child = spawn('sh', ['-c', script, statFile, command, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? benchEnv() });
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
  const stat = await readFile(statFile, 'latin1').catch(() => '');
  await rm(statDir, { recursive: true, force: true });
  if (code !== 0 && !options.allowFailure) throw new Error(`${command} ${args.join(' ')} failed (exit ${code}) in ${cwd}:\n${output.slice(-6000)}`);
  // Fields after "pid (comm) ": state is [0], cutime [13], cstime [14].
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  return { code, seconds, cpuSeconds: Number.isFinite(cpuSeconds) ? cpuSeconds : Number.NaN, peakMemoryMb: peakKb / 1024, output };
}

export interface WorkspaceOptions {
  /** Prefix of the temporary folder's name. */
  prefix: string;
  /** Spec files by path relative to the root (`specs/<svc>/openapi.yaml`, …), and the services to register. */
  specs: Record<string, string>;
  services: string[];
  /** Further files or folders of this repository to copy, tests included (e.g. `scripts/test/examples.test.ts`). */
  extra?: string[];
  /** Further workspace packages beside `packages/*` and `scripts`. */
  packages?: string[];
  /** Runs after the new packages are scaffolded and before the install: the place to add their files. */
  beforeInstall?: (root: string) => Promise<void>;
}

/**
 * A copy of this workspace — root config, scripts/ (without its tests),
 * specs/common, packages/core — with the given specs registered, their packages
 * scaffolded, installed and generated, and everything committed, as this
 * repository commits its generated files.
 */
export async function createWorkspace(options: WorkspaceOptions): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), options.prefix));
  try {
    await fillWorkspace(root, options);
  } catch (error) {
    // A spec the generator refuses, an install that fails: leave no half-made copy behind.
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return root;
}

async function fillWorkspace(root: string, options: WorkspaceOptions): Promise<void> {
  const copy = async (entry: string, skipTests: boolean) => {
    const from = path.join(repoRoot, entry);
    await mkdir(path.dirname(path.join(root, entry)), { recursive: true });
    await cp(from, path.join(root, entry), {
      recursive: true,
      filter: (source) => !(skipTests ? /(^|\/)(node_modules|dist|\.turbo|test)(\/|$)/ : /(^|\/)(node_modules|dist|\.turbo)(\/|$)/).test(path.relative(from, source)),
    });
  };
  for (const entry of ['package.json', '.gitignore', 'turbo.json', 'tsconfig.base.json', 'specs/common', 'scripts', 'packages/core']) await copy(entry, true);
  for (const entry of options.extra ?? []) await copy(entry, false);
  const workspace = parse(await readFile(path.join(repoRoot, 'pnpm-workspace.yaml'), 'utf8'));
  await writeFile(path.join(root, 'pnpm-workspace.yaml'), stringify({ ...workspace, packages: ['packages/*', 'scripts', ...(options.packages ?? [])] }));
  for (const [file, text] of Object.entries(options.specs)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  const redocly = parse(await readFile(path.join(repoRoot, 'redocly.yaml'), 'utf8'));
  redocly.apis = Object.fromEntries(options.services.map((name) => [name, { root: `specs/${name}/openapi.yaml` }]));
  await writeFile(path.join(root, 'redocly.yaml'), stringify(redocly));
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'] as ['ignore', 'ignore', 'inherit'], env: benchEnv() };
  execFileSync(tsx, [path.join(repoRoot, 'scripts', 'generate.ts'), '--scaffold', '--root', root], quiet);
  await options.beforeInstall?.(root);
  // This repository's lockfile pins every version; packages come from the store this repository
  // was installed from, metadata of the new importers' ranges from the npm registry when not cached.
  await cp(path.join(repoRoot, 'pnpm-lock.yaml'), path.join(root, 'pnpm-lock.yaml'));
  execFileSync('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile', '--config.confirmModulesPurge=false'], { ...quiet, cwd: root });
  // Like this repository: the generated files of every service are committed.
  execFileSync(tsx, [path.join(repoRoot, 'scripts', 'generate.ts'), '--root', root, '--skip-lint'], quiet);
  execFileSync('git', ['init', '-q'], { cwd: root });
  execFileSync('git', ['add', '-A'], { cwd: root });
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-qm', 'synthetic workspace'], { cwd: root });
}

/** Tasks run and cached, from turbo's summary line. */
export function turboCounts(output: string): { run: number; cached: number; total: number } {
  const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
  if (!cached) throw new Error(`turbo printed no task summary:\n${output.slice(-2000)}`);
  return { cached: Number(cached[1]), total: Number(cached[2]), run: Number(cached[2]) - Number(cached[1]) };
}
