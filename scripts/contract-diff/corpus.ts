// The labelled corpus (scripts/test/contract-corpus/*.yaml): small pairs of
// OpenAPI documents, each with the level a reviewer expects, and the scoring of
// an engine on it — shared by the corpus test and measure.ts.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../services.ts';
import type { Engine } from './engines/index.ts';
import { SEVERITIES, worst, type Change, type Severity } from './types.ts';

export const CORPUS_DIR = path.join(repoRoot, 'scripts', 'test', 'contract-corpus');

export interface CorpusCase {
  /** `security.yaml#3` */
  id: string;
  name: string;
  /** For the keyword matrix: which keyword, on which side, moved which way. */
  about?: { keyword: string; side: 'request' | 'response'; direction: string };
  /** The worst level the change deserves. */
  expect: Severity;
  /** Text one finding at the expected level contains. */
  finding?: string;
  /** The operation that finding names. */
  operation?: string;
  base: Record<string, any>;
  head: Record<string, any>;
}

export async function loadCorpus(dir: string = CORPUS_DIR): Promise<CorpusCase[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.yaml')).sort();
  const cases: CorpusCase[] = [];
  for (const file of files) {
    const entries = parse(await readFile(path.join(dir, file), 'utf8')) as Array<Omit<CorpusCase, 'id'>>;
    if (!Array.isArray(entries)) throw new Error(`${file}: expected a list of cases`);
    entries.forEach((entry, index) => {
      if (!SEVERITIES.includes(entry.expect)) throw new Error(`${file}#${index + 1} (${entry.name}): expect must be one of ${SEVERITIES.join(', ')}`);
      if (!entry.base || !entry.head) throw new Error(`${file}#${index + 1} (${entry.name}): needs base and head documents`);
      cases.push({ id: `${file}#${index + 1}`, ...entry });
    });
  }
  return cases;
}

export interface CaseResult {
  case: CorpusCase;
  /** The worst level reported (`non-breaking` when nothing was), or `crash`. */
  judged: Severity | 'crash';
  /** The expected finding (text, level, operation) is among the changes. */
  found: boolean;
  changes: Change[];
  error?: string;
  ms: number;
}

export async function runEngine(engine: Engine, cases: CorpusCase[], onCase?: (result: CaseResult) => void): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const item of cases) {
    const started = performance.now();
    let result: CaseResult;
    try {
      const changes = await engine.compare(structuredClone(item.base), structuredClone(item.head));
      const level = worst(changes);
      const found =
        item.finding === undefined ||
        changes.some((change) => change.severity === item.expect && change.description.includes(item.finding!) && (item.operation === undefined || change.operation === item.operation));
      result = { case: item, judged: level === 'none' ? 'non-breaking' : level, found, changes, ms: performance.now() - started };
    } catch (error) {
      result = { case: item, judged: 'crash', found: false, changes: [], error: (error as Error).message.slice(0, 300), ms: performance.now() - started };
    }
    results.push(result);
    onCase?.(result);
  }
  return results;
}

export interface Score {
  pairs: number;
  crashes: number;
  /** Breaking pairs judged breaking. */
  recall: { hit: number; of: number };
  /** Non-breaking pairs judged non-breaking (no breaking change, no warning). */
  specificity: { hit: number; of: number };
  /** Warning pairs judged warning (neither more nor less). */
  warnings: { hit: number; of: number };
  /** Pairs judged exactly at their level. */
  exact: { hit: number; of: number };
  /** Pairs whose expected finding text is reported (at its level, under its operation). */
  findings: { hit: number; of: number };
  msPerPair: number;
  misjudged: CaseResult[];
}

export function score(results: CaseResult[]): Score {
  const of = (level: Severity) => results.filter((result) => result.case.expect === level);
  const hit = (list: CaseResult[], test: (result: CaseResult) => boolean) => ({ hit: list.filter(test).length, of: list.length });
  return {
    pairs: results.length,
    crashes: results.filter((result) => result.judged === 'crash').length,
    recall: hit(of('breaking'), (result) => result.judged === 'breaking'),
    specificity: hit(of('non-breaking'), (result) => result.judged === 'non-breaking'),
    warnings: hit(of('warning'), (result) => result.judged === 'warning'),
    exact: hit(results, (result) => result.judged === result.case.expect),
    findings: hit(
      results.filter((result) => result.case.finding !== undefined),
      (result) => result.found,
    ),
    msPerPair: results.reduce((sum, result) => sum + result.ms, 0) / Math.max(1, results.length),
    misjudged: results.filter((result) => result.judged !== result.case.expect || !result.found),
  };
}

export const percent = ({ hit, of }: { hit: number; of: number }) => (of === 0 ? '—' : `${((100 * hit) / of).toFixed(1)} % (${hit}/${of})`);
