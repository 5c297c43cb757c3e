// Size of what a user ships: one service client (its package + core +
// openapi-fetch) bundled for the browser by esbuild, minified, gzipped; and,
// for comparison, the official SDK core bundled for Node.
//
//   tsx size.ts          print the table; exit 1 when a client exceeds its budget
//   tsx size.ts --write  also replace the size section of BENCHMARKS.md
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { packageName, pascalCase } from '@huaweicloud-openapi/scripts/generate/names';
import { loadServices } from '@huaweicloud-openapi/scripts/services';

/**
 * Budget per service client (service package + core + openapi-fetch), bundled
 * for the browser, minified and gzipped. The goal is 6 kB; openapi-fetch alone
 * is 2.6 kB of it and core (signer, retries, timeouts, clock skew, credentials,
 * input checks with full messages) is 5.4 kB, so the clients measure 8.0 kB.
 * The budget guards against growth from there; BENCHMARKS.md has the breakdown.
 */
export const CLIENT_BUDGET_GZIP = 8.5 * 1024;
export const CLIENT_GOAL_GZIP = 6 * 1024;

const here = path.dirname(fileURLToPath(import.meta.url));

export interface BundleSize {
  name: string;
  minified: number;
  gzip: number;
  /** Bytes of minified output per input package (from esbuild's metafile). */
  byPackage: Record<string, number>;
}

function packageOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input);
  if (match) return match[1]!;
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(input);
  return workspace ? `@huaweicloud-openapi/${workspace[1]}` : input;
}

async function bundle(name: string, contents: string, platform: 'browser' | 'node', resolveDir = here): Promise<BundleSize> {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js', sourcefile: `${name}-entry.js` },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const byPackage: Record<string, number> = {};
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const owner = packageOf(input);
      byPackage[owner] = (byPackage[owner] ?? 0) + bytesInOutput;
    }
  }
  return { name, minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, byPackage };
}

/** What an application imports from a service package: the client factory and the helpers every sample uses. */
export function clientEntry(service: string): string {
  return `export { create${pascalCase(service)}Client, fromEnv, normalizeError } from '${packageName(service)}';\n`;
}

export function measureClient(service: string, resolveDir = here): Promise<BundleSize> {
  return bundle(packageName(service), clientEntry(service), 'browser', resolveDir);
}

/**
 * The official SDK's core as an official service client uses it (its index,
 * `ClientBuilder` and through it `HcClient`, the signer and axios), bundled for
 * Node, the only platform it supports.
 */
export function measureOfficialCore(): Promise<BundleSize> {
  const require = createRequire(import.meta.url);
  const modules = ['@huaweicloud/huaweicloud-sdk-core', '@huaweicloud/huaweicloud-sdk-core/ClientBuilder'].map((name) => JSON.stringify(require.resolve(name)));
  const contents = `export * as core from ${modules[0]};\nexport * as builder from ${modules[1]};\n`;
  return bundle('@huaweicloud/huaweicloud-sdk-core (Node)', contents, 'node');
}

/** One message per bundle over the budget, naming what it is made of. */
export function overBudget(rows: BundleSize[], budget = CLIENT_BUDGET_GZIP): string[] {
  return rows
    .filter((row) => row.gzip > budget)
    .map((row) => `${row.name} is ${row.gzip} bytes gzip, over its ${budget}-byte budget (minified bytes by package: ${JSON.stringify(row.byPackage)}).`);
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

export function sizeTable(rows: BundleSize[], official: BundleSize): string {
  const lines = ['| bundle | minified | gzip | budget (gzip) | goal (gzip) | gzip vs official core |', '|---|---:|---:|---:|---:|---:|'];
  for (const row of rows) {
    const budget = `${kB(CLIENT_BUDGET_GZIP)}${row.gzip > CLIENT_BUDGET_GZIP ? ' **over**' : ''}`;
    const goal = `${kB(CLIENT_GOAL_GZIP)}${row.gzip > CLIENT_GOAL_GZIP ? ' (missed)' : ''}`;
    lines.push(`| ${row.name} (+ core + openapi-fetch, browser) | ${kB(row.minified)} | ${kB(row.gzip)} | ${budget} | ${goal} | ${(official.gzip / row.gzip).toFixed(1)}× smaller |`);
  }
  lines.push(`| ${official.name} | ${kB(official.minified)} | ${kB(official.gzip)} | — | — | 1.0× |`);
  const parts = rows[0] ? Object.entries(rows[0].byPackage).filter(([, bytes]) => bytes > 0) : [];
  if (parts.length > 0) lines.push('', `Minified bytes by package in ${rows[0]!.name}: ${parts.map(([name, bytes]) => `${name} ${bytes.toLocaleString('en-US')}`).join(', ')}.`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const clients = await Promise.all((await loadServices()).map((service) => measureClient(service.name)));
  const official = await measureOfficialCore();
  const table = sizeTable(clients, official);
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
  const over = overBudget(clients);
  for (const message of over) console.error(message);
  process.exitCode = over.length > 0 ? 1 : 0;
}
