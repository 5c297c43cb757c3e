// Size of what a user ships, per service package, bundled for the browser by
// esbuild (ESM, minified, ES2022) and gzipped at level 9:
//
//   one-operation app   create<Svc>BareClient + ONE operation function + normalizeError,
//                       bundled for every operation of the package alone (smallest and
//                       heaviest reported): what tree-shaking leaves of the package
//   paging+waiting app  create<Svc>BareClient + one paginator + one waiter + normalizeError
//                       (the heaviest of each), when the package has them
//   whole-client app    create<Svc>Client + fromEnv + normalizeError: every operation
//
// and, for comparison, the official SDK core bundled for Node.
//
// A package's apps are bundled together, one entry point each, in one esbuild
// run (two with the paging+waiting app): a run per app cost ~5× more, and the
// apps of a package grow with its operations.
//
//   tsx size.ts          print the table; exit 1 when a bundle exceeds its budget
//   tsx size.ts --write  also replace the size section of BENCHMARKS.md
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { methodName, packageName, pascalCase } from '@huaweicloud-openapi/scripts/generate/names';
import { listCallables, listOperations } from '@huaweicloud-openapi/scripts/generate/operations';
import { loadServices, type Service } from '@huaweicloud-openapi/scripts/services';
import { bundleService } from '@huaweicloud-openapi/scripts/spec';

/**
 * Budget of a one-operation app (bare client + one operation function +
 * normalizeError: the service package's share + core), bundled for the
 * browser, minified and gzipped; every operation of every package, bundled
 * alone, must fit. An app that uses one operation must not pay for the others.
 * The goal was 6 kB for the simplest operation and 8.5 kB for the heaviest;
 * with operations as data over core's `invoke`, one validator with ranges,
 * lengths, patterns and formats, the hostile-server guards (body time limits,
 * size cap, non-JSON answers), and what only some apps use left to imports
 * (the AK/SK signer and its clock, the body step, string bounds), the
 * smallest app is 6.4–6.5 kB and the heaviest (Live's CreateOttChannelInfo,
 * MPC's CreateTranscodingTask: 100+ property bodies) 8.9–9.1 kB. About 1.2 kB gzip of
 * every app is the text of the errors that name the input and the fix; the
 * rest of the gap is not taken from them (ARCHITECTURE.md, "Bundle size").
 * The enforced budget for any operation is 11 kB: it catches growth (a second
 * copy of core, an unshaken kind or dependency) while leaving room for larger
 * bodies; SMALLEST_BUDGET_GZIP holds the path every app ships.
 */
export const CLIENT_BUDGET_GZIP = 11 * 1024;
/**
 * Budget of each package's smallest one-operation app: core's path that every
 * app ships (client options, credentials, transport, invoke, errors). It is
 * 6.4–6.5 kB; anything that grows it for every app by more than ~0.3 kB fails.
 */
export const SMALLEST_BUDGET_GZIP = 6.75 * 1024;
export const CLIENT_GOAL_GZIP = 6 * 1024;
/** Goal of the heaviest one-operation app (a body of 100+ properties). */
export const HEAVIEST_GOAL_GZIP = 8.5 * 1024;

/**
 * Budget of a whole-client app (`create<Svc>Client` + `fromEnv` +
 * `normalizeError`: every operation's function, descriptor and shapes): a base
 * for core, openapi-fetch and the client's frame, plus an allowance per
 * callable, so it grows with the operations' own data and never with copies.
 * Measured with the whole services (34–132 callables): 14.0–21.6 kB. The base
 * was 10 kB until the signer's clock learned to re-sign every call in flight
 * when it is corrected, which left DIS (the fewest callables, so the package
 * nearest the base) 4 bytes under; 10.5 kB + 120 B a callable leaves each
 * package 0.5–5 kB. A second copy of core (9 kB gzip) still fails every
 * package, and CORE_BUDGET_MINIFIED catches it in any app on its own.
 */
export function wholeClientBudget(callables: number): number {
  return 10.5 * 1024 + 120 * callables;
}

/**
 * Minified bytes of core in any app: all of core is about 24.9 kB (Live's whole
 * client); a second copy (about 50 kB) or an unshaken dependency would exceed
 * this. 27,000 leaves room for core's own growth, which the smallest-app budget
 * holds for the path every app ships.
 */
export const CORE_BUDGET_MINIFIED = 27_000;

const here = path.dirname(fileURLToPath(import.meta.url));

export interface BundleSize {
  name: string;
  minified: number;
  gzip: number;
  /** Bytes of minified output per input package (from esbuild's metafile). */
  byPackage: Record<string, number>;
  /** Bytes of minified output per input file, `<package>/<file>`, e.g. `@huaweicloud-openapi/core/dist/signer.js`. */
  byFile: Record<string, number>;
  /** The minified bundle itself. */
  code: string;
}

function packageOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input);
  if (match) return match[1]!;
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(input);
  return workspace ? `@huaweicloud-openapi/${workspace[1]}` : input;
}

function fileOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)(.*)$/.exec(input);
  if (match) return `${match[1]}/${match[2]}`;
  const workspace = /(?:^|\/)packages\/([^/]+)\/(.*)$/.exec(input);
  return workspace ? `@huaweicloud-openapi/${workspace[1]}/${workspace[2]}` : input;
}

/** An app to bundle: what it is called in reports, and its entry module. */
export interface App {
  name: string;
  contents: string;
}

/** The namespace of the apps' virtual entry modules, `app:<index>`. */
const APP = 'app';

/**
 * Bundles every app in ONE esbuild run, one entry point (and one output) each:
 * the inputs are parsed once for all, and each output is linked, tree-shaken and
 * minified on its own, byte for byte what a build of that app alone gives. The
 * metafile says, per output, what each app kept.
 */
async function bundleAll(apps: readonly App[], platform: 'browser' | 'node', resolveDir = here): Promise<BundleSize[]> {
  if (apps.length === 0) return [];
  const result = await build({
    entryPoints: apps.map((_, index) => ({ in: `${APP}:${index}`, out: `app-${index}` })),
    plugins: [
      {
        name: 'apps',
        setup(plugin) {
          plugin.onResolve({ filter: new RegExp(`^${APP}:\\d+$`) }, (args) => ({ path: args.path.slice(APP.length + 1), namespace: APP }));
          plugin.onLoad({ filter: /.*/, namespace: APP }, (args) => ({ contents: apps[Number(args.path)]!.contents, resolveDir, loader: 'js' }));
        },
      },
    ],
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    target: 'es2022',
    // Never written: outputs stay in memory, named after this folder only because esbuild needs one.
    outdir: path.join(here, '.size-out'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = new Map(Object.values(result.metafile.outputs).map((output) => [output.entryPoint, output]));
  const files = new Map(result.outputFiles.map((file) => [path.basename(file.path), file]));
  return apps.map((app, index) => {
    const output = outputs.get(`${APP}:${index}`);
    const file = files.get(`app-${index}.js`);
    if (!output || !file) throw new Error(`esbuild returned no output for ${app.name}.`);
    const byPackage: Record<string, number> = {};
    const byFile: Record<string, number> = {};
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput === 0) continue;
      const owner = packageOf(input);
      byPackage[owner] = (byPackage[owner] ?? 0) + bytesInOutput;
      byFile[fileOf(input)] = (byFile[fileOf(input)] ?? 0) + bytesInOutput;
    }
    return {
      name: app.name,
      minified: file.contents.byteLength,
      gzip: gzipSync(file.contents, { level: 9 }).byteLength,
      byPackage,
      byFile,
      code: file.text,
    };
  });
}

/** One generated operation function: an operation, or one of its `x-client-methods`. */
export interface Callable {
  /** PascalCase name, the string the function passes to its checks: `CreatePullTask`. */
  name: string;
  /** The exported function: `createPullTask`. */
  fn: string;
  method: string;
  path: string;
  /** Whether the operation takes a body (and so its app carries core's body step). */
  body: boolean;
}

/** What a service package exports per operation, read from its spec as the generator reads it. */
export interface PackageSurface {
  service: string;
  callables: Callable[];
  /** `paginate<OperationId>` functions. */
  paginators: string[];
  /** `waitFor<Name>` functions. */
  waiters: string[];
}

export async function packageSurface(service: Service): Promise<PackageSurface> {
  const operations = listOperations(await bundleService(service), service.specFile);
  const callables = listCallables(operations).map((callable) => ({
    name: callable.name,
    fn: methodName(callable.name),
    method: callable.operation.method,
    path: callable.operation.path,
    body: callable.operation.body !== null,
  }));
  return {
    service: service.name,
    callables,
    paginators: operations.filter((operation) => operation.pagination).map((operation) => `paginate${operation.operationId}`),
    waiters: operations.filter((operation) => operation.waiter).map((operation) => `waitFor${operation.waiter!.name}`),
  };
}

/** A whole-client app: the client factory with every operation, and the helpers every sample uses. */
export function clientEntry(service: string): string {
  return `export { create${pascalCase(service)}Client, fromEnv, normalizeError } from '${packageName(service)}';\n`;
}

/** A one-operation app: the bare client, the named functions (one operation; or a paginator and a waiter) and normalizeError. */
export function bareEntry(service: string, functions: readonly string[]): string {
  return `export { create${pascalCase(service)}BareClient, ${functions.join(', ')}, normalizeError } from '${packageName(service)}';\n`;
}

/** A bare-client app of the named functions (one operation; or a paginator and a waiter), named after them. */
export function bareApp(service: string, functions: readonly string[]): App {
  return { name: `${packageName(service)} ${functions.join(' + ')}`, contents: bareEntry(service, functions) };
}

/** The whole-client app, named after the package. */
export function clientApp(service: string): App {
  return { name: packageName(service), contents: clientEntry(service) };
}

/** Bundles a package's apps in one run; a missing export means the package is older than its spec. */
export async function measureApps(service: string, apps: readonly App[], resolveDir = here): Promise<BundleSize[]> {
  try {
    return await bundleAll(apps, 'browser', resolveDir);
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string } | null }[] }).errors ?? [];
    // esbuild names the entry an error is in `app:<index>`: say which app that is.
    const messages = errors.map((item) => {
      const entry = new RegExp(`^${APP}:(\\d+)$`).exec(item.location?.file ?? '');
      const app = entry ? apps[Number(entry[1])] : undefined;
      return app ? `${app.name} (${app.contents.trim()}): ${item.text}` : item.text;
    });
    throw new Error(
      `Cannot bundle the apps of ${packageName(service)}: ${messages.join('; ') || String(error)}. ` +
        `Is ${packageName(service)} generated and built from its current spec (pnpm generate, pnpm build)?`,
    );
  }
}

export async function measureClient(service: string, resolveDir = here): Promise<BundleSize> {
  const [size] = await measureApps(service, [clientApp(service)], resolveDir);
  return size!;
}

export async function measureBare(service: string, functions: readonly string[], resolveDir = here): Promise<BundleSize> {
  const [size] = await measureApps(service, [bareApp(service, functions)], resolveDir);
  return size!;
}

export interface OperationSize {
  callable: Callable;
  size: BundleSize;
}

export interface PackageSizes {
  service: string;
  /** Every operation function bundled alone, in spec order. */
  operations: OperationSize[];
  smallest: OperationSize;
  heaviest: OperationSize;
  /** Bare client + the heaviest paginator and the heaviest waiter; undefined when the package has neither. */
  paging: { functions: string[]; size: BundleSize } | undefined;
  /** The smallest one-operation app with `akskSigner` imported: what AK/SK authentication adds. */
  signed: BundleSize;
  whole: BundleSize;
}

function heaviest(functions: readonly string[], sizes: readonly BundleSize[]): string | undefined {
  let best: number | undefined;
  sizes.forEach((size, index) => {
    if (best === undefined || size.gzip > sizes[best]!.gzip) best = index;
  });
  return best === undefined ? undefined : functions[best];
}

/**
 * Two esbuild runs per package, however many operations it has: one for every
 * one-operation app, the whole client and each paginator and waiter alone
 * (to find the heaviest of each), then one for the paging+waiting app they make.
 */
export async function measurePackage(surface: PackageSurface, resolveDir = here): Promise<PackageSizes> {
  const { service, callables, paginators, waiters } = surface;
  if (callables.length === 0) throw new Error(`${packageName(service)} has no operations to measure.`);
  const apps = [
    ...callables.map((callable) => bareApp(service, [callable.fn])),
    clientApp(service),
    ...[...paginators, ...waiters].map((fn) => bareApp(service, [fn])),
  ];
  const sizes = await measureApps(service, apps, resolveDir);
  const operations = callables.map((callable, index) => ({ callable, size: sizes[index]! }));
  const whole = sizes[callables.length]!;
  const alone = sizes.slice(callables.length + 1);
  const byGzip = [...operations].sort((a, b) => a.size.gzip - b.size.gzip);
  const pagingFunctions = [heaviest(paginators, alone.slice(0, paginators.length)), heaviest(waiters, alone.slice(paginators.length))].filter(
    (fn): fn is string => fn !== undefined,
  );
  const smallest = byGzip[0]!;
  const second = await measureApps(service, [bareApp(service, [smallest.callable.fn, 'akskSigner']), ...(pagingFunctions.length > 0 ? [bareApp(service, pagingFunctions)] : [])], resolveDir);
  const paging = pagingFunctions.length > 0 ? { functions: pagingFunctions, size: second[1]! } : undefined;
  return { service, operations, smallest, heaviest: byGzip[byGzip.length - 1]!, paging, signed: second[0]!, whole };
}

/**
 * The official SDK's core as an official service client uses it (its index,
 * `ClientBuilder` and through it `HcClient`, the signer and axios), bundled for
 * Node, the only platform it supports.
 */
export async function measureOfficialCore(): Promise<BundleSize> {
  const require = createRequire(import.meta.url);
  const modules = ['@huaweicloud/huaweicloud-sdk-core', '@huaweicloud/huaweicloud-sdk-core/ClientBuilder'].map((name) => JSON.stringify(require.resolve(name)));
  const contents = `export * as core from ${modules[0]};\nexport * as builder from ${modules[1]};\n`;
  const [size] = await bundleAll([{ name: '@huaweicloud/huaweicloud-sdk-core (Node)', contents }], 'node');
  return size!;
}

/** One message per bundle over the budget, naming what it is made of. */
export function overBudget(rows: BundleSize[], budget = CLIENT_BUDGET_GZIP): string[] {
  return rows.flatMap((row) => [
    ...(row.gzip > budget ? [`${row.name} is ${row.gzip} bytes gzip, over its ${budget}-byte budget (minified bytes by package: ${JSON.stringify(row.byPackage)}).`] : []),
    ...((row.byPackage['@huaweicloud-openapi/core'] ?? 0) > CORE_BUDGET_MINIFIED
      ? [`${row.name} holds ${row.byPackage['@huaweicloud-openapi/core']} minified bytes of @huaweicloud-openapi/core, over ${CORE_BUDGET_MINIFIED}: a second copy of core, or a dependency it no longer shakes off.`]
      : []),
  ]);
}

/** Every one-operation app against CLIENT_BUDGET_GZIP, the smallest against SMALLEST_BUDGET_GZIP, and the whole-client app against its budget for the package's callables. */
export function budgetProblems(sizes: PackageSizes): string[] {
  return [
    ...overBudget(sizes.operations.map((operation) => operation.size), CLIENT_BUDGET_GZIP),
    ...overBudget([sizes.smallest.size], SMALLEST_BUDGET_GZIP),
    ...overBudget([sizes.whole], wholeClientBudget(sizes.operations.length)),
  ];
}

function quoted(text: string): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`["'\`]${escaped}["'\`]`);
}

/**
 * What gives a callable away in minified code: the name it passes to its checks
 * (`"CreatePullTask"`), and its request as its operation constant hands it to core's `invoke`
 * (`method:"POST",path:"/v1/{project_id}/pull/stream/task"`), or to openapi-fetch
 * (`.POST("/v1/…"`) in the full client's style.
 */
export function marksOf(callable: Callable): { name: RegExp; request: RegExp } {
  const path = quoted(callable.path).source;
  const method = quoted(callable.method).source;
  return { name: quoted(callable.name), request: new RegExp(`(?:\\.${callable.method}\\(|method:${method},path:)${path}`) };
}

/**
 * The strings and requests in minified code, read in one pass: the pieces
 * between consecutive quote characters (a name or a path has no quote in it, so
 * each of marksOf's quoted marks is exactly one such piece), and the requests
 * they make, as `METHOD path`. Equivalent to testing every callable's marksOf,
 * at the cost of one split per bundle instead of two regular expressions per
 * callable: a package's bundles times its callables grows with the square of
 * its operations.
 */
export function marksIn(code: string): { strings: Set<string>; requests: Set<string> } {
  const pieces = code.split(/["'`]/);
  const strings = new Set(pieces.slice(1, -1));
  const requests = new Set<string>();
  for (let index = 1; index < pieces.length - 1; index++) {
    const before = pieces[index - 1]!;
    // `.POST("/v1/…"`
    const call = /\.([A-Z]+)\($/.exec(before);
    if (call) requests.add(`${call[1]} ${pieces[index]}`);
    // `method:"POST",path:"/v1/…"`
    if (before === ',path:' && index >= 3 && pieces[index - 3]!.endsWith('method:')) requests.add(`${pieces[index - 2]} ${pieces[index]}`);
  }
  return { strings, requests };
}

/**
 * The other operations of the package whose code is in a one-operation bundle
 * of `kept` (what tree-shaking failed to drop): their name string, or a request
 * to their method and path (skipped when `kept` shares both, as the
 * `x-client-methods` of one wire operation do).
 */
export function strayOperations(surface: PackageSurface, kept: Callable, code: string): string[] {
  const found = marksIn(code);
  return surface.callables
    .filter((other) => other.name !== kept.name)
    .filter((other) => {
      const sameRequest = other.method === kept.method && other.path === kept.path;
      return found.strings.has(other.name) || (!sameRequest && found.requests.has(`${other.method} ${other.path}`));
    })
    .map((other) => `${other.fn} (${other.method} ${other.path})`);
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const bytes = (count: number) => count.toLocaleString('en-US');
const breakdown = (parts: Record<string, number>, strip = '') =>
  Object.entries(parts)
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name.startsWith(strip) ? name.slice(strip.length) : name} ${bytes(count)}`)
    .join(', ');

export function sizeTable(packages: PackageSizes[], official: BundleSize): string {
  const lines = [
    '| package | operations | one-operation app: smallest / heaviest | smallest with `akskSigner` | paging + waiting app | whole-client app | budget: smallest / any one-op / whole |',
    '|---|---:|---|---:|---|---:|---|',
  ];
  for (const sizes of packages) {
    const { smallest, heaviest, paging, whole } = sizes;
    const oneOpOver = sizes.operations.filter((operation) => operation.size.gzip > CLIENT_BUDGET_GZIP).length;
    const oneOp =
      sizes.operations.length === 1
        ? `${kB(heaviest.size.gzip)} (\`${heaviest.callable.fn}\`, the only operation)`
        : `${kB(smallest.size.gzip)} (\`${smallest.callable.fn}\`) / ${kB(heaviest.size.gzip)} (\`${heaviest.callable.fn}\`)`;
    const pagingCell = paging ? `${kB(paging.size.gzip)} (${paging.functions.map((fn) => `\`${fn}\``).join(' + ')})` : '—';
    const budget =
      `${kB(SMALLEST_BUDGET_GZIP)}${smallest.size.gzip > SMALLEST_BUDGET_GZIP ? ' **over**' : ''} / ` +
      `${kB(CLIENT_BUDGET_GZIP)}${oneOpOver > 0 ? ` **${oneOpOver} over**` : ''} / ` +
      `${kB(wholeClientBudget(sizes.operations.length))}${whole.gzip > wholeClientBudget(sizes.operations.length) ? ' **over**' : ''}`;
    lines.push(`| ${packageName(sizes.service)} | ${sizes.operations.length} | ${oneOp} | ${kB(sizes.signed.gzip)} | ${pagingCell} | ${kB(whole.gzip)} | ${budget} |`);
  }
  const all = packages.flatMap((sizes) => sizes.operations);
  const heaviest = all.reduce((a, b) => (b.size.gzip > a.size.gzip ? b : a));
  const largest = packages.reduce((a, b) => (b.whole.gzip > a.whole.gzip ? b : a)).whole;
  const simplest = packages.map((sizes) => sizes.smallest).reduce((a, b) => (b.size.gzip > a.size.gzip ? b : a));
  const verdict = (size: number, goal: number) => (size > goal ? `missed by ${kB(size - goal)}` : 'met');
  lines.push(
    '',
    `Sizes are gzip (level 9) of the minified browser bundle; the one-operation apps authenticate with a token (a bare client without \`akskSigner\`). ` +
      `The goals: ${kB(CLIENT_GOAL_GZIP)} for the simplest operation (${verdict(simplest.size.gzip, CLIENT_GOAL_GZIP)}: ${kB(simplest.size.gzip)} at worst, ${simplest.size.name}) and ` +
      `${kB(HEAVIEST_GOAL_GZIP)} for the heaviest (${verdict(heaviest.size.gzip, HEAVIEST_GOAL_GZIP)}); the rest of the gap is error text we keep (see "Where the bytes go" below). ` +
      `The official SDK's core alone (${official.name}) is ${kB(official.minified)} minified, ${kB(official.gzip)} gzip: ` +
      `${(official.gzip / heaviest.size.gzip).toFixed(0)}× the heaviest one-operation app, ${(official.gzip / largest.gzip).toFixed(0)}× the largest whole-client app.`,
    '',
    `Minified bytes by package, heaviest one-operation app (${heaviest.size.name}, ${bytes(heaviest.size.minified)} in all): ${breakdown(heaviest.size.byPackage)}.`,
    `Minified bytes by package, largest whole-client app (${largest.name}, ${bytes(largest.minified)} in all): ${breakdown(largest.byPackage)}.`,
    `Minified bytes of @huaweicloud-openapi/core by file in that one-operation app: ${breakdown(
      Object.fromEntries(Object.entries(heaviest.size.byFile).filter(([file]) => file.startsWith('@huaweicloud-openapi/core/'))),
      '@huaweicloud-openapi/core/dist/',
    )}.`,
  );
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const surfaces = await Promise.all((await loadServices()).map(packageSurface));
  const packages = await Promise.all(surfaces.map((surface) => measurePackage(surface)));
  const official = await measureOfficialCore();
  const table = sizeTable(packages, official);
  console.log(table);
  if (process.argv.includes('--write')) {
    const file = path.join(here, '..', 'BENCHMARKS.md');
    const [start, end] = ['<!-- bench:sizes:start -->', '<!-- bench:sizes:end -->'];
    const text = await readFile(file, 'utf8');
    const [from, to] = [text.indexOf(start), text.indexOf(end)];
    if (from === -1 || to < from) throw new Error(`${file} has no ${start} … ${end} section to replace.`);
    await writeFile(file, `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`);
    console.log('BENCHMARKS.md sizes updated.');
  }
  const problems = [
    ...packages.flatMap(budgetProblems),
    ...surfaces.flatMap((surface, index) =>
      packages[index]!.operations.flatMap(({ callable, size }) => {
        const stray = strayOperations(surface, callable, size.code);
        return stray.length > 0 ? [`${size.name} also contains ${stray.join(', ')}: tree-shaking failed.`] : [];
      }),
    ),
  ];
  for (const message of problems) console.error(message);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
