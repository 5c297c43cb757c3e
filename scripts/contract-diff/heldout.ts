// `npx tsx scripts/contract-diff/heldout.ts --oasdiff <dir> [--verbose] [--today YYYY-MM-DD]`:
// the structural walk on a suite it was not written against — oasdiff's
// labelled checker tests (github.com/oasdiff/oasdiff, `data/` and `checker/`
// exported to <dir>, e.g. `git archive HEAD data checker | tar -x -C /tmp/oasdiff`).
// Nothing of oasdiff is kept in this repository: the suite is read from <dir>
// on every run.
//
// Each `func TestX(t *testing.T)` in `checker/*_test.go` that loads exactly two
// spec files (base, then revision) and asserts what oasdiff reports is one
// case. Its label comes from the change ids it asserts present, each at the
// level `checker/rules.go` gives it (ERR = breaking, WARN = warning, INFO =
// non-breaking; the worst wins), or, where it asserts no change at all
// (`require.Empty`), from the level its check ran at (at INFO or WARN: nothing
// worse than INFO → non-breaking; at ERR: nothing breaking → "not breaking").
// Skipped, and counted by reason: tests that edit the loaded spec in Go code,
// run oasdiff with non-default options (attributes, severity overrides,
// composed mode, excluded elements, …), load a table of files, more or fewer
// than two files, or the same file twice; files with oasdiff's own extensions
// (`x-stability-level`, `x-extensible-enum`), OpenAPI 2.0, and files Redocly
// cannot bundle. Each side is checked and bundled as `pnpm contract:diff` does
// (Redocly `struct` + `no-unresolved-refs`, then bundle) and compared with
// `compareDocuments` — a pair Redocly calls invalid still runs, and is counted.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundle, createConfig, lint, type Config } from '@redocly/openapi-core';
import { compareDocuments } from './compare.ts';
import { worst, type Change, type Severity } from './types.ts';

type Label = Severity | 'not-breaking';
const LEVELS: Record<string, number> = { INFO: 1, WARN: 2, ERR: 3 };
const LABEL_OF: Record<number, Severity> = { 1: 'non-breaking', 2: 'warning', 3: 'breaking' };

export interface HeldoutCase {
  /** `check_request_property_if_updated_test.go:TestRequestPropertyIfAdded` */
  id: string;
  base: string;
  revision: string;
  expect: Label;
  /** The oasdiff change ids asserted present. */
  ids: string[];
  /** Run with one check only (other checks' findings are not asserted). */
  singleCheck: boolean;
}

export interface Extracted {
  cases: HeldoutCase[];
  skipped: Map<string, string[]>;
  tests: number;
}

/** Change id constant → level, from `newBackwardCompatibilityRule(XId, LEVEL, …)`. */
function ruleLevels(source: string): Map<string, number> {
  const levels = new Map<string, number>();
  for (const [, id, level] of source.matchAll(/newBackwardCompatibilityRule\(\s*(\w+Id)\s*,\s*(ERR|WARN|INFO)\b/g)) {
    levels.set(id, Math.max(levels.get(id) ?? 0, LEVELS[level]));
  }
  return levels;
}

/** The Test functions of one Go file: name and body. */
function testFunctions(source: string): Array<{ name: string; body: string }> {
  const out: Array<{ name: string; body: string }> = [];
  const starts = [...source.matchAll(/^func (Test\w+)\(t \*testing\.T\) \{$/gm)];
  for (const start of starts) {
    const from = start.index! + start[0].length;
    const end = source.indexOf('\n}\n', from);
    out.push({ name: start[1], body: source.slice(from, end === -1 ? undefined : end) });
  }
  return out;
}

/** The spec files a test body loads, in order; undefined when a load names no literal file. */
function loads(body: string, helpers: Map<string, string>): string[] | undefined {
  const found: Array<{ at: number; files: string[] }> = [];
  const computed = /\bopen\((?!"|\w+File\(")|LoadFromFile\((?!")|loadFrom\(|stabilityChanges\(/.test(body);
  if (computed) return undefined;
  for (const match of body.matchAll(/\bopen\(\s*"([^"]+)"/g)) found.push({ at: match.index!, files: [path.posix.normalize(`checker/${match[1]}`)] });
  for (const match of body.matchAll(/\bopen\(\s*(\w+)File\("([^"]+)"\)/g)) {
    const dir = helpers.get(`${match[1]}File`);
    if (!dir) return undefined;
    found.push({ at: match.index!, files: [`data/${dir}/${match[2]}`] });
  }
  for (const match of body.matchAll(/LoadFromFile\("([^"]+)"\)/g)) found.push({ at: match.index!, files: [path.posix.normalize(`checker/${match[1]}`)] });
  for (const match of body.matchAll(/\bl\(t, (\d+)\)/g)) found.push({ at: match.index!, files: [`data/openapi-test${match[1]}.yaml`] });
  for (const match of body.matchAll(/\bd\(t, diff\.NewConfig\(\), (\d+), (\d+)\)/g)) {
    found.push({ at: match.index!, files: [`data/openapi-test${match[1]}.yaml`, `data/openapi-test${match[2]}.yaml`] });
  }
  if (/\bd\(t, (?!diff\.NewConfig\(\), \d+, \d+\))/.test(body)) return undefined;
  return found.sort((a, b) => a.at - b.at).flatMap((item) => item.files);
}

const OPTIONS = [
  /diff\.NewConfig\(\)\s*\./, // exclude elements, match path params, …
  /\bchecker\.With\w+/, // attributes, severity levels, optional checks, …
  /singleCheckConfig\([^()]*(\([^()]*\))?[^()]*,/, // a single check with options
  /allChecksConfig\(\s*[^)\s]/,
  /\bconfig\.\w+\s*=/,
  /\bconfig\s*:?=\s*(?!allChecksConfig\(\)|singleCheckConfig\()/,
  /IncludeOrigin|WithOrigin|newLoaderWithOriginTracking|\bloader\.\w+\s*=/,
  /diff\.(Get|GetWithOperationsSourcesMap)\((?!diff\.NewConfig\(\)\s*,)[^)]/,
];

const MUTATION = /\bs[12]\.Spec\b|\bs[12]\.Spec\s*=|deleteParam\(|\.Spec\.(Paths|Components|Servers|Security|Tags|Info|Webhooks)\b|\b(s[12]|base|revision|spec1|spec2)\.(Paths|Components)\b/;

/** Statements that assert an id absent: their ids are not expected findings. */
const NEGATED = /requireNoChange\(|require\.(False|Nil)\(t, (containsId|findChange)\(|require\.NotContains|NotEqual/;

export async function extract(dir: string): Promise<Extracted> {
  const checker = path.join(dir, 'checker');
  const levels = ruleLevels(await readFile(path.join(checker, 'rules.go'), 'utf8'));
  const helpers = new Map<string, string>();
  for (const file of (await readdir(checker)).filter((name) => name.endsWith('_test.go'))) {
    const source = await readFile(path.join(checker, file), 'utf8');
    for (const [, name, sub] of source.matchAll(/(\w+File)\s*=\s*dataFileFn\("([^"]+)"\)/g)) helpers.set(name, sub);
  }
  const skipped = new Map<string, string[]>();
  const skip = (reason: string, id: string) => skipped.set(reason, [...(skipped.get(reason) ?? []), id]);
  const cases: HeldoutCase[] = [];
  let tests = 0;
  for (const file of (await readdir(checker)).filter((name) => name.endsWith('_test.go')).sort()) {
    const source = await readFile(path.join(checker, file), 'utf8');
    for (const { name, body } of testFunctions(source)) {
      tests++;
      const id = `${file}:${name}`;
      if (!/CheckBackwardCompatibility|\bd\(t,/.test(body)) {
        skip('not a breaking-change check (changelog, output format, helpers)', id);
        continue;
      }
      const files = loads(body, helpers);
      if (!files) {
        skip('files named by a table, a variable or a composed/stability helper', id);
        continue;
      }
      if (files.length !== 2) {
        skip(`loads ${files.length === 0 ? 'no spec file' : files.length === 1 ? 'one spec file' : 'more than two spec files'}`, id);
        continue;
      }
      if (MUTATION.test(body)) {
        skip('spec edited in Go code after loading', id);
        continue;
      }
      if (files[0] === files[1]) {
        skip('the same file on both sides', id);
        continue;
      }
      if (OPTIONS.some((option) => option.test(body))) {
        skip('oasdiff options (attributes, severity levels, excluded elements, origins, …)', id);
        continue;
      }
      const asserted = body
        .split('\n')
        .filter((line) => !NEGATED.test(line))
        .join('\n');
      const ids = [...new Set([...asserted.matchAll(/checker\.(\w+Id)\b/g)].map((match) => match[1]))].filter((item) => levels.has(item));
      const singleCheck = /singleCheckConfig\(/.test(body);
      let expect: Label | undefined;
      if (ids.length > 0) expect = LABEL_OF[Math.max(...ids.map((item) => levels.get(item)!))];
      else {
        const until = body.match(/CheckBackwardCompatibilityUntilLevel\([^\n]*checker\.(ERR|WARN|INFO)\)/);
        const level = until ? LEVELS[until[1]] : /CheckBackwardCompatibility\(|\bd\(t,/.test(body) ? LEVELS.WARN : undefined;
        const empty = /require\.(Empty|Len)\(t, \w+(, 0)?\)/.test(body) && !/require\.NotEmpty/.test(body);
        const explicit = [...asserted.matchAll(/Level:\s*checker\.(ERR|WARN|INFO)/g)].map((match) => LEVELS[match[1]]);
        if (explicit.length > 0) expect = LABEL_OF[Math.max(...explicit)];
        else if (empty && level !== undefined) expect = level === LEVELS.ERR ? 'not-breaking' : 'non-breaking';
        else if (/require\.NotEmpty/.test(body) && level === LEVELS.ERR) expect = 'breaking';
      }
      if (!expect) {
        skip('no level asserted (text, counts or fields only)', id);
        continue;
      }
      cases.push({ id, base: files[0], revision: files[1], expect, ids, singleCheck });
    }
  }
  return { cases, skipped, tests };
}

interface Side {
  document?: Record<string, any>;
  invalid?: boolean;
  skip?: string;
}

let validity: Promise<Config> | undefined;
let plain: Promise<Config> | undefined;

/** One spec file checked and bundled as the command does; `skip` says why it cannot run. */
async function side(dir: string, file: string, cache: Map<string, Promise<Side>>): Promise<Side> {
  const known = cache.get(file);
  if (known) return known;
  const work = (async (): Promise<Side> => {
    const absolute = path.join(dir, file);
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch {
      return { skip: 'a spec file is missing' };
    }
    if (/^\s*swagger\s*:/m.test(text) || /"swagger"\s*:/.test(text)) return { skip: 'OpenAPI 2.0' };
    if (/x-stability-level|x-extensible-enum/.test(text)) return { skip: 'oasdiff extensions (x-stability-level, x-extensible-enum)' };
    validity ??= createConfig({ rules: { struct: 'error', 'no-unresolved-refs': 'error' } } as any);
    plain ??= createConfig({} as any);
    let invalid = false;
    try {
      const problems = await lint({ ref: absolute, config: await validity });
      invalid = problems.some((problem) => problem.severity === 'error' && !problem.ignored);
    } catch {
      return { skip: 'Redocly cannot read or bundle a file' };
    }
    try {
      const result = await bundle({ ref: absolute, config: await plain, dereference: false });
      const document = result.bundle.parsed as Record<string, any>;
      if (!document || typeof document !== 'object' || !/^3\./.test(String(document.openapi ?? ''))) return { skip: 'not an OpenAPI 3 document' };
      return { document, invalid };
    } catch {
      return { skip: 'Redocly cannot read or bundle a file' };
    }
  })();
  cache.set(file, work);
  return work;
}

export interface HeldoutResult {
  case: HeldoutCase;
  judged: Severity | 'crash';
  invalid: boolean;
  changes: Change[];
  error?: string;
  ms: number;
}

const pct = (hit: number, of: number) => (of === 0 ? '—' : `${((100 * hit) / of).toFixed(1)} % (${hit}/${of})`);

async function main() {
  const { values } = parseArgs({
    options: { oasdiff: { type: 'string' }, verbose: { type: 'boolean', default: false }, today: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (!values.oasdiff) {
    console.error('usage: heldout.ts --oasdiff <dir with oasdiff data/ and checker/> [--verbose] [--today YYYY-MM-DD] [--json]');
    process.exit(2);
  }
  const dir = path.resolve(values.oasdiff);
  const today = values.today ? new Date(values.today) : new Date();
  const { cases, skipped, tests } = await extract(dir);
  const cache = new Map<string, Promise<Side>>();
  const results: HeldoutResult[] = [];
  for (const item of cases) {
    const [a, b] = [await side(dir, item.base, cache), await side(dir, item.revision, cache)];
    const why = a.skip ?? b.skip;
    if (why) {
      skipped.set(why, [...(skipped.get(why) ?? []), item.id]);
      continue;
    }
    const started = performance.now();
    try {
      const changes = compareDocuments(structuredClone(a.document), structuredClone(b.document), { today });
      const level = worst(changes);
      results.push({ case: item, judged: level === 'none' ? 'non-breaking' : level, invalid: !!(a.invalid || b.invalid), changes, ms: performance.now() - started });
    } catch (error) {
      results.push({ case: item, judged: 'crash', invalid: !!(a.invalid || b.invalid), changes: [], error: (error as Error).message.slice(0, 300), ms: performance.now() - started });
    }
  }

  const of = (label: Label) => results.filter((result) => result.case.expect === label);
  const breaking = of('breaking');
  const nonBreaking = of('non-breaking');
  const warning = of('warning');
  const notBreaking = of('not-breaking');
  const fallbacks = results.filter((result) => result.changes.some((change) => change.fallback));
  const recall = breaking.filter((result) => result.judged === 'breaking').length;
  const kept = nonBreaking.filter((result) => result.judged === 'non-breaking').length;
  const keptLoose = nonBreaking.filter((result) => result.judged === 'non-breaking' || result.judged === 'warning').length;

  if (values.verbose) {
    const misses = results.filter(
      (result) =>
        result.judged === 'crash' ||
        (result.case.expect === 'breaking' && result.judged !== 'breaking') ||
        (result.case.expect === 'non-breaking' && result.judged !== 'non-breaking') ||
        (result.case.expect === 'not-breaking' && result.judged === 'breaking') ||
        (result.case.expect === 'warning' && result.judged === 'non-breaking'),
    );
    for (const miss of misses) {
      const shown = miss.changes.filter((change) => change.severity === miss.judged).slice(0, 3);
      console.error(
        `MISS ${miss.case.id}: expected ${miss.case.expect} [${miss.case.ids.join(', ') || 'no change'}${miss.case.singleCheck ? '; single check' : ''}], judged ${miss.judged}${miss.invalid ? ' (a side Redocly calls invalid)' : ''}\n  ${miss.case.base} → ${miss.case.revision}${miss.error ? `\n  error: ${miss.error}` : ''}${shown.map((change) => `\n  ${change.severity}: ${change.operation}: ${change.description}`).join('')}`,
      );
    }
  }

  const skippedTotal = [...skipped.values()].reduce((sum, list) => sum + list.length, 0);
  const lines = [
    `oasdiff checker tests read from ${dir}: ${tests} test functions, ${results.length} pairs run, ${skippedTotal} skipped`,
    ...[...skipped].sort((x, y) => y[1].length - x[1].length).map(([reason, list]) => `  skipped ${String(list.length).padStart(4)}  ${reason}`),
    `pairs run: ${results.length} (${breaking.length} breaking, ${warning.length} warning, ${nonBreaking.length} non-breaking, ${notBreaking.length} not breaking); ${results.filter((result) => result.invalid).length} with a side Redocly calls invalid`,
    `breaking judged breaking:            ${pct(recall, breaking.length)}`,
    `non-breaking judged non-breaking:    ${pct(kept, nonBreaking.length)}   (judged at most a warning: ${pct(keptLoose, nonBreaking.length)})`,
    `"not breaking" judged not breaking:  ${pct(notBreaking.filter((result) => result.judged !== 'breaking').length, notBreaking.length)}`,
    `warning judged warning:              ${pct(warning.filter((result) => result.judged === 'warning').length, warning.length)}   (breaking: ${warning.filter((result) => result.judged === 'breaking').length}, non-breaking: ${warning.filter((result) => result.judged === 'non-breaking').length})`,
    `crashes: ${results.filter((result) => result.judged === 'crash').length}; pairs with a fallback: ${fallbacks.length}`,
    `time per pair (compare only): ${(results.reduce((sum, result) => sum + result.ms, 0) / Math.max(1, results.length)).toFixed(2)} ms`,
  ];
  console.log(lines.join('\n'));
  if (values.json) console.log(JSON.stringify(results.map((result) => ({ id: result.case.id, expect: result.case.expect, judged: result.judged, ids: result.case.ids }))));
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('heldout.ts')) await main();
