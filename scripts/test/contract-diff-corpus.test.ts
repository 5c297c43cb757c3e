// The labelled corpus (contract-corpus/*.yaml) through the engine the command
// uses: every pair judged at its level, with its expected finding; prints
// recall on breaking pairs, the share of non-breaking pairs judged
// non-breaking, and the time per pair. Fails below 100 %.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, percent, runEngine, score, type CaseResult, type CorpusCase } from '../contract-diff/corpus.ts';
import { ENGINES } from '../contract-diff/engines/index.ts';
import { compareDocuments } from '../contract-diff/compare.ts';

// Item 2 of issue 12 (and item 1 of issue 25): each keyword, on both sides, moved both ways.
const KEYWORDS = [
  'type', 'enum', 'const', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength',
  'minItems', 'maxItems', 'uniqueItems', 'required', 'nullable', 'additionalProperties', 'readOnly', 'writeOnly', 'oneOf', 'anyOf', 'allOf', 'discriminator',
  // Issue 25: the JSON Schema 2020-12 families (keywords-2020-12-*.yaml).
  'contains', 'minContains', 'maxContains', 'contentMediaType', 'contentEncoding', 'contentSchema', 'dependentRequired', 'dependentSchemas',
  'if', 'then', 'else', 'patternProperties', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'prefixItems',
];

let cases: CorpusCase[];
let results: CaseResult[];

beforeAll(async () => {
  cases = await loadCorpus();
  const walk = ENGINES.find((engine) => engine.name === 'structural walk')!;
  results = await runEngine(walk, cases);
  const figures = score(results);
  console.log(
    [
      `contract corpus, structural walk: ${figures.pairs} pairs, ${figures.crashes} crashes`,
      `  recall on breaking pairs:           ${percent(figures.recall)}`,
      `  non-breaking pairs judged so:       ${percent(figures.specificity)}`,
      `  warning pairs judged warning:       ${percent(figures.warnings)}`,
      `  expected finding reported:          ${percent(figures.findings)}`,
      `  time per pair:                      ${figures.msPerPair.toFixed(2)} ms`,
    ].join('\n'),
  );
});

describe('contract corpus', () => {
  it('has at least 120 pairs, each keyword on both sides in both directions', () => {
    expect(cases.length).toBeGreaterThanOrEqual(120);
    const missing: string[] = [];
    for (const keyword of KEYWORDS) {
      for (const side of ['request', 'response']) {
        const directions = new Set(cases.filter((item) => item.about?.keyword === keyword && item.about.side === side).map((item) => item.about!.direction));
        if (directions.size < 2) missing.push(`${keyword} (${side}): ${[...directions].join(', ') || 'none'}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('covers every level', () => {
    for (const level of ['breaking', 'warning', 'non-breaking']) expect(cases.filter((item) => item.expect === level).length).toBeGreaterThan(10);
  });

  it('judges every pair at its level, with its finding (100 %)', () => {
    const wrong = score(results).misjudged.map(
      (result) =>
        `${result.case.id} ${result.case.name}: expected ${result.case.expect}${result.case.finding ? ` with "${result.case.finding}"` : ''}, got ${result.judged}` +
        (result.error ? ` (${result.error})` : `\n${result.changes.map((change) => `    ${change.severity}  ${change.operation}: ${change.description}`).join('\n')}`),
    );
    expect(wrong.join('\n')).toBe('');
  });

  it('names an operation in every finding', () => {
    for (const result of results) for (const change of result.changes) expect(change.operation, `${result.case.id}: ${change.description}`).toMatch(/\S/);
  });

  it('compares each pair the other way round without failing', () => {
    for (const item of cases) expect(() => compareDocuments(item.head, item.base), item.id).not.toThrow();
  });

  it('marks fallback findings when a part of the walk fails, and goes on', () => {
    const item = cases.find((candidate) => candidate.name === 'request type: narrowed')!;
    const changes = compareDocuments(item.base, item.head, {
      probe: (part) => {
        if (part.startsWith('/paths/')) throw new Error('simulated');
      },
    });
    expect(changes).toContainEqual({
      severity: 'warning',
      operation: 'CreateItem (POST /items)',
      description: expect.stringContaining('(structural fallback) /paths//items/post/requestBody/content/application/json/schema/properties/p/type: "number" → "integer"'),
      fallback: true,
    });
    expect(changes.every((change) => change.severity !== 'breaking')).toBe(true);
  });
});
