// `npx tsx scripts/contract-diff/measure.ts [--engine <name>] [--verbose]`:
// every engine of engines/index.ts on the labelled corpus — crashes, recall on
// breaking pairs, share of non-breaking pairs judged non-breaking, warnings
// judged as warnings, time per pair — and on each service's real spec (the
// working tree's bundle against a copy with every operation's request and
// response schemas edited), the time per service pair. The figures in
// ARCHITECTURE.md ("Contract diff") come from here. Slow for Optic (a process
// per pair); the structural walk's own figures are also printed by the corpus
// test.
import { parseArgs } from 'node:util';
import { loadServices } from '../services.ts';
import { bundleService } from '../spec.ts';
import { loadCorpus, percent, runEngine, score } from './corpus.ts';
import { ENGINES } from './engines/index.ts';

const { values } = parseArgs({ options: { engine: { type: 'string', multiple: true }, verbose: { type: 'boolean', default: false } } });
const engines = ENGINES.filter((engine) => !values.engine || values.engine.includes(engine.name));
const cases = await loadCorpus();

/** A copy of a real spec with a change in every schema it has: every string gains a maxLength. */
function edited(document: any): any {
  const copy = structuredClone(document);
  const visit = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'string' && node.maxLength === undefined) node.maxLength = 255;
    for (const value of Object.values(node)) visit(value);
  };
  visit(copy);
  return copy;
}

const rows: string[] = [];
for (const engine of engines) {
  if (!engine.available()) {
    rows.push(`| ${engine.name} | not installed | | | | | |`);
    continue;
  }
  const results = await runEngine(engine, cases, (result) => {
    if (values.verbose && result.judged !== result.case.expect) {
      console.error(`${engine.name}: ${result.case.id} ${result.case.name}: expected ${result.case.expect}, got ${result.judged}${result.error ? ` (${result.error})` : ''}`);
    }
  });
  const figures = score(results);
  const real: number[] = [];
  for (const service of await loadServices()) {
    const document = await bundleService(service);
    const started = performance.now();
    try {
      await engine.compare(document, edited(document));
    } catch {
      // counted in the corpus figures; here only time matters
    }
    real.push(performance.now() - started);
  }
  rows.push(
    `| ${engine.name} | ${figures.crashes} | ${percent(figures.recall)} | ${percent(figures.specificity)} | ${percent(figures.warnings)} | ${figures.msPerPair.toFixed(1)} ms | ${(real.reduce((a, b) => a + b, 0) / Math.max(1, real.length)).toFixed(0)} ms |`,
  );
  console.error(`${engine.name}: done (${figures.pairs} pairs)`);
}
console.log(`Corpus: ${cases.length} pairs (${cases.filter((item) => item.expect === 'breaking').length} breaking, ${cases.filter((item) => item.expect === 'warning').length} warning, ${cases.filter((item) => item.expect === 'non-breaking').length} non-breaking).\n`);
console.log('| engine | crashes | recall (breaking judged breaking) | non-breaking judged non-breaking | warnings judged warning | time per corpus pair | time per real service pair |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
