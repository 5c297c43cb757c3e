// `npx tsx scripts/contract-diff/heldout.ts --oasdiff <dir> [--verbose] [--today YYYY-MM-DD]`:
// the structural walk on a suite it was not written against — oasdiff's
// labelled checker tests (github.com/oasdiff/oasdiff, `data/` and `checker/`
// exported to <dir>, e.g. `git archive HEAD data checker | tar -x -C /tmp/oasdiff`).
// Nothing of oasdiff is kept in this repository: the suite is read from <dir>
// on every run.
//
// Each `func TestX(t *testing.T)` in `checker/*_test.go` that loads two spec
// files (base `s1`, then revision `s2`) and asserts what oasdiff reports is one
// case. Its label comes from the change ids it asserts present, each at the
// level `checker/rules.go` gives it (ERR = breaking, WARN = warning, INFO =
// non-breaking; the worst wins), or, where it asserts no change at all
// (`require.Empty`), from the level its check ran at (at INFO or WARN: nothing
// worse than INFO → non-breaking; at ERR: nothing breaking → "not breaking").
// Plain edits the test makes in Go code to the loaded specs (a field set, a
// key, status or parameter deleted; see `editsOf`) are replayed on the bundled
// documents; a test that does anything else to them is skipped.
// A test that runs one check only (`singleCheckConfig`) speaks only of what
// that check reads: many such pairs share one schema between request and
// response (the request loosened is the response widened) or change several
// keywords at once, which the test does not judge. So its breaking label counts
// (a breaking change is there), scored on our findings on the check's side
// (`Direction…` in rules.go; a finding naming a `response` is the response
// side, any other the request side); its non-breaking and warning labels are
// only indicative, scored the same way and reported on a line of their own,
// not in the headline figures. Skipped, and counted by reason: tests that edit
// the specs in ways not read here, run oasdiff with non-default options
// (attributes, severity overrides, composed mode, excluded elements, …), load
// a table of files, more or fewer than two files, or the same file twice
// without edits; files with oasdiff's own extensions (`x-stability-level`,
// `x-extensible-enum`), OpenAPI 2.0, and files Redocly cannot bundle. Each side
// is checked and bundled as `pnpm contract:diff` does (Redocly `struct` +
// `no-unresolved-refs`, then bundle) and compared with `compareDocuments` — a
// pair Redocly calls invalid still runs, and is counted. Misses where oasdiff's
// policy and ours differ on purpose are set apart by `POLICY` and counted.
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
  /** Edits the test makes in Go code to the loaded specs, replayed on the bundled documents. */
  edits?: Edit[];
  /** The asserted ids oasdiff calls breaking (ERR). */
  errIds: string[];
  /** The side its label speaks of: a single request or response check's, or the whole pair. */
  scope: 'request' | 'response' | 'all';
}

export interface Extracted {
  cases: HeldoutCase[];
  skipped: Map<string, string[]>;
  tests: number;
}

/**
 * From `newBackwardCompatibilityRule(XId, LEVEL, XCheck, Direction…)`: each change id's level,
 * and the directions each check's rules speak of.
 */
function rules(source: string): { levels: Map<string, number>; directions: Map<string, Set<string>> } {
  const levels = new Map<string, number>();
  const directions = new Map<string, Set<string>>();
  for (const [, id, level, check, direction] of source.matchAll(/newBackwardCompatibilityRule\(\s*(\w+Id)\s*,\s*(ERR|WARN|INFO)\s*,\s*(\w+)\s*,\s*Direction(\w+)/g)) {
    levels.set(id!, Math.max(levels.get(id!) ?? 0, LEVELS[level!]!));
    directions.set(check!, new Set([...(directions.get(check!) ?? []), direction!]));
  }
  return { levels, directions };
}

/** The Test functions of one Go file: name and body. */
function testFunctions(source: string): Array<{ name: string; body: string }> {
  const out: Array<{ name: string; body: string }> = [];
  const starts = [...source.matchAll(/^func (Test\w+)\(t \*testing\.T\) \{$/gm)];
  for (const start of starts) {
    const from = start.index! + start[0].length;
    const end = source.indexOf('\n}\n', from);
    out.push({ name: start[1]!, body: source.slice(from, end === -1 ? undefined : end) });
  }
  return out;
}

/** The spec files a test body loads, in order; undefined when a load names no literal file. */
function loads(body: string, helpers: Map<string, string>): string[] | undefined {
  const found: Array<{ at: number; files: string[] }> = [];
  const named = new Map([...body.matchAll(/^\s*(\w+) := "([^"]+)"$/gm)].map((match) => [match[1]!, match[2]!]));
  body = body.replace(/\bopen\((\w+)\)/g, (all, name: string) => (named.has(name) ? `open("${named.get(name)}")` : all));
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

/**
 * A test's edits of its loaded specs (`s1` base, `s2` revision), for the plain
 * shapes only: `sN.Spec.<path>.<Field> = <value>`, `delete(sN.Spec.<path>, "key")`,
 * `sN.Spec.<path>.Responses.Delete("code")` and `deleteParam(sN.Spec.<path>, in, name)`,
 * with `x := uint64(13)`-style variables. Anything else that touches `s1`/`s2`
 * (helpers, struct literals, aliases, loops) makes the test unreadable: undefined.
 */
export interface Edit {
  side: 0 | 1;
  steps: Array<{ name: string; args?: string[]; index?: string }>;
  action: 'set' | 'delete-key' | 'delete-param';
  field?: string;
  value?: unknown;
  key?: string;
  param?: { in: string; name: string };
}

const FIELDS: Record<string, string> = {
  Type: 'type', MaxLength: 'maxLength', MinLength: 'minLength', MinItems: 'minItems', MaxItems: 'maxItems', Max: 'maximum', Min: 'minimum',
  Required: 'required', Default: 'default', Deprecated: 'deprecated', OperationID: 'operationId', Format: 'format', Enum: 'enum',
  ReadOnly: 'readOnly', WriteOnly: 'writeOnly', Description: 'description', Nullable: 'nullable', Pattern: 'pattern', UniqueItems: 'uniqueItems',
  Summary: 'summary', Title: 'title', MultipleOf: 'multipleOf', MinProps: 'minProperties', MaxProps: 'maxProperties',
};
const LOCATIONS: Record<string, string> = { ParameterInPath: 'path', ParameterInQuery: 'query', ParameterInHeader: 'header', ParameterInCookie: 'cookie' };

function goValue(text: string, vars: Map<string, unknown>): { value: unknown } | undefined {
  const t = text.trim();
  if (t === 'nil') return { value: undefined };
  if (t === 'true' || t === 'false') return { value: t === 'true' };
  if (/^-?\d+(\.\d+)?$/.test(t)) return { value: Number(t) };
  const cast = t.match(/^(?:u?int(?:64|32)?|float64)\((-?\d+(?:\.\d+)?)\)$/);
  if (cast) return { value: Number(cast[1]) };
  const string = t.match(/^"((?:[^"\\]|\\.)*)"$/);
  if (string) return { value: JSON.parse(`"${string[1]}"`) };
  const ref = t.match(/^&(\w+)$/);
  if (ref && vars.has(ref[1]!)) return { value: vars.get(ref[1]!) };
  const list = t.match(/^(?:&openapi3\.Types|\[\](?:string|any|interface\{\}))\{(.*)\}$/);
  if (list) {
    const items = list[1]!.trim() === '' ? [] : list[1]!.split(',').map((item) => goValue(item, vars));
    if (items.some((item) => item === undefined)) return undefined;
    const values = items.map((item) => item!.value);
    return { value: t.startsWith('&openapi3.Types') && values.length === 1 ? values[0] : values };
  }
  return undefined;
}

function goArg(text: string, consts: Map<string, string>): string | undefined {
  const t = text.trim();
  const string = t.match(/^"([^"]*)"$/);
  if (string) return string[1];
  if (/^\d+$/.test(t)) return t;
  const location = t.match(/^openapi3\.(\w+)$/);
  if (location) return LOCATIONS[location[1]!];
  return consts.get(t);
}

function chainOf(text: string, consts: Map<string, string>): Edit['steps'] | undefined {
  const steps: Edit['steps'] = [];
  let rest = text;
  while (rest.length > 0) {
    const match = rest.match(/^\.(\w+)(?:\(([^()]*)\))?(?:\[([^\]]+)\])?/);
    if (!match) return undefined;
    const step: Edit['steps'][number] = { name: match[1]! };
    if (match[2] !== undefined) {
      const args = match[2].trim() === '' ? [] : match[2].split(',').map((arg) => goArg(arg, consts));
      if (args.some((arg) => arg === undefined)) return undefined;
      step.args = args as string[];
    }
    if (match[3] !== undefined) {
      const index = goArg(match[3], consts);
      if (index === undefined) return undefined;
      step.index = index;
    }
    steps.push(step);
    rest = rest.slice(match[0].length);
  }
  return steps;
}

export function editsOf(body: string, consts: Map<string, string>): Edit[] | undefined {
  const vars = new Map<string, unknown>();
  const edits: Edit[] = [];
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    const variable = line.match(/^(\w+) := (.+)$/);
    if (variable && !/\bs[12]\b/.test(line)) {
      const value = goValue(variable[2]!, vars);
      if (value) vars.set(variable[1]!, value.value);
      continue;
    }
    if (!/\bs[12]\b/.test(line)) continue;
    if (/^s[12](, err)? :?= /.test(line) && !/\bs[12]\.Spec\b/.test(line.replace(/^s[12](, err)? :?= /, ''))) continue; // a load
    if (/^d, osm, err := diff\.(GetWithOperationsSourcesMap|Get)\(diff\.NewConfig\(\), s1, s2\)$/.test(line)) continue;
    let match: RegExpMatchArray | null;
    if ((match = line.match(/^s([12])\.Spec((?:\.\w+(?:\([^()]*\))?(?:\[[^\]]+\])?)*)\.(\w+)(?:\[([^\]]+)\])? = (.+)$/))) {
      const steps = chainOf(match[2]!, consts);
      const value = goValue(match[5]!, vars);
      if (!steps || !value) return undefined;
      if (match[4] !== undefined) {
        const index = goArg(match[4], consts);
        if (index === undefined) return undefined;
        edits.push({ side: match[1] === '1' ? 0 : 1, steps: [...steps, { name: match[3]! }], action: 'set', field: index, value: value.value });
      } else {
        const field = FIELDS[match[3]!];
        if (!field) return undefined;
        edits.push({ side: match[1] === '1' ? 0 : 1, steps, action: 'set', field, value: value.value });
      }
    } else if ((match = line.match(/^delete\(s([12])\.Spec((?:\.\w+(?:\([^()]*\))?(?:\[[^\]]+\])?)*), ("[^"]*")\)$/))) {
      const steps = chainOf(match[2]!, consts);
      const key = goArg(match[3]!, consts);
      if (!steps || key === undefined) return undefined;
      edits.push({ side: match[1] === '1' ? 0 : 1, steps, action: 'delete-key', key });
    } else if ((match = line.match(/^s([12])\.Spec((?:\.\w+(?:\([^()]*\))?(?:\[[^\]]+\])?)*)\.Delete\(("[^"]*")\)$/))) {
      const steps = chainOf(match[2]!, consts);
      const key = goArg(match[3]!, consts);
      if (!steps || key === undefined) return undefined;
      edits.push({ side: match[1] === '1' ? 0 : 1, steps, action: 'delete-key', key });
    } else if ((match = line.match(/^deleteParam\(s([12])\.Spec((?:\.\w+(?:\([^()]*\))?(?:\[[^\]]+\])?)*), (openapi3\.\w+), ("[^"]*")\)$/))) {
      const steps = chainOf(match[2]!, consts);
      const where = goArg(match[3]!, consts);
      const name = goArg(match[4]!, consts);
      if (!steps || !where || name === undefined) return undefined;
      edits.push({ side: match[1] === '1' ? 0 : 1, steps, action: 'delete-param', param: { in: where, name } });
    } else return undefined;
  }
  return edits.length > 0 ? edits : undefined;
}

const METHODS = new Set(['Get', 'Put', 'Post', 'Delete', 'Options', 'Head', 'Patch', 'Trace']);
const CONTAINERS: Record<string, string> = {
  Paths: 'paths', RequestBody: 'requestBody', Content: 'content', Schema: 'schema', Properties: 'properties', Items: 'items', Responses: 'responses',
  Headers: 'headers', Parameters: 'parameters', Tags: 'tags', Components: 'components', Schemas: 'schemas', Callbacks: 'callbacks', Info: 'info',
};

/** Replays edits on a bundled document, following `$ref`s as kin-openapi's `.Value` does; throws on a shape it cannot follow. */
export function applyEdits(document: Record<string, any>, edits: Edit[], side: 0 | 1): void {
  const deref = (node: any): any => {
    for (let hops = 0; node && typeof node === 'object' && typeof node.$ref === 'string' && hops < 20; hops++) {
      if (!node.$ref.startsWith('#/')) throw new Error(`cannot follow ${node.$ref}`);
      node = node.$ref.slice(2).split('/').reduce((at: any, part: string) => at?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);
    }
    return node;
  };
  for (const edit of edits.filter((item) => item.side === side)) {
    let node: any = document;
    for (const step of edit.steps) {
      node = deref(node);
      if (node === undefined || node === null) throw new Error(`no ${step.name}`);
      if (step.name === 'Value' || step.name === 'Status') {
        if (step.args?.length === 1) node = node[step.args[0]!];
        // without an argument: the Ref's target, followed below
      } else if (step.name === 'GetByInAndName') {
        const [where, name] = step.args ?? [];
        node = (Array.isArray(node) ? node : []).map(deref).find((parameter: any) => parameter?.in === where && parameter?.name === name);
      } else if (METHODS.has(step.name) && !step.args) node = node[step.name.toLowerCase()];
      else if (CONTAINERS[step.name] && !step.args) {
        if (node[CONTAINERS[step.name]!] === undefined && step.name !== 'Paths') node[CONTAINERS[step.name]!] = step.name === 'Parameters' || step.name === 'Tags' ? [] : {};
        node = node[CONTAINERS[step.name]!];
      } else throw new Error(`cannot follow .${step.name}`);
      if (step.index !== undefined) node = deref(node)?.[step.index];
    }
    node = deref(node);
    if (node === undefined || node === null || typeof node !== 'object') throw new Error('edit target missing');
    if (edit.action === 'set') {
      if (edit.value === undefined) delete node[edit.field!];
      else node[edit.field!] = edit.value;
    } else if (edit.action === 'delete-key') delete node[edit.key!];
    else if (Array.isArray(node.parameters)) node.parameters = node.parameters.filter((parameter: any) => !(deref(parameter)?.in === edit.param!.in && deref(parameter)?.name === edit.param!.name));
  }
}

export async function extract(dir: string): Promise<Extracted> {
  const checker = path.join(dir, 'checker');
  const { levels, directions } = rules(await readFile(path.join(checker, 'rules.go'), 'utf8'));
  const helpers = new Map<string, string>();
  const consts = new Map<string, string>();
  for (const file of (await readdir(checker)).filter((name) => name.endsWith('_test.go'))) {
    const source = await readFile(path.join(checker, file), 'utf8');
    for (const [, name, value] of source.matchAll(/^\s*(\w+Path)\s*=\s*"([^"]+)"$/gm)) consts.set(name!, value!);
    for (const [, name, sub] of source.matchAll(/(\w+File)\s*=\s*dataFileFn\("([^"]+)"\)/g)) helpers.set(name!, sub!);
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
      let edits: Edit[] | undefined;
      if (MUTATION.test(body)) {
        edits = editsOf(body, consts);
        if (!edits) {
          skip('spec edited in Go code in a way the harness does not read (helpers, struct literals, aliases)', id);
          continue;
        }
      }
      if (files[0] === files[1] && !edits) {
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
      const ids = [...new Set([...asserted.matchAll(/checker\.(\w+Id)\b/g)].map((match) => match[1]!))].filter((item) => levels.has(item));
      const singleCheck = /singleCheckConfig\(/.test(body);
      let expect: Label | undefined;
      if (ids.length > 0) expect = LABEL_OF[Math.max(...ids.map((item) => levels.get(item)!))];
      else {
        const until = body.match(/CheckBackwardCompatibilityUntilLevel\([^\n]*checker\.(ERR|WARN|INFO)\)/);
        const level = until ? LEVELS[until[1]!] : /CheckBackwardCompatibility\(|\bd\(t,/.test(body) ? LEVELS.WARN : undefined;
        const empty = /require\.(Empty|Len)\(t, \w+(, 0)?\)/.test(body) && !/require\.NotEmpty/.test(body);
        const explicit = [...asserted.matchAll(/Level:\s*checker\.(ERR|WARN|INFO)/g)].map((match) => LEVELS[match[1]!]!);
        if (explicit.length > 0) expect = LABEL_OF[Math.max(...explicit)];
        else if (empty && level !== undefined) expect = level === LEVELS.ERR ? 'not-breaking' : 'non-breaking';
        else if (/require\.NotEmpty/.test(body) && level === LEVELS.ERR) expect = 'breaking';
      }
      if (!expect) {
        skip('no level asserted (text, counts or fields only)', id);
        continue;
      }
      let scope: HeldoutCase['scope'] = 'all';
      if (singleCheck) {
        const check = body.match(/singleCheckConfig\(checker\.(\w+)\)/)?.[1];
        const sides = [...(directions.get(check ?? '') ?? [])];
        if (sides.length === 1 && (sides[0] === 'Request' || sides[0] === 'Response')) scope = sides[0] === 'Request' ? 'request' : 'response';
        if (expect !== 'breaking' && scope === 'all') {
          skip('one check only, on no single side, no breaking change asserted (says nothing of the rest of the pair)', id);
          continue;
        }
      }
      cases.push({ id, base: files[0]!, revision: files[1]!, edits, expect, ids, errIds: ids.filter((item) => levels.get(item) === LEVELS.ERR), singleCheck, scope });
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

/** The side a finding is on: `response` when it names a response, the request otherwise. */
const sideOf = (change: Change): 'request' | 'response' => (/\bresponses?\b/i.test(change.description) ? 'response' : 'request');

const pct = (hit: number, of: number) => (of === 0 ? '—' : `${((100 * hit) / of).toFixed(1)} % (${hit}/${of})`);

/**
 * Where oasdiff's levels and ours differ on purpose (ARCHITECTURE.md, "Contract
 * diff"): a miss is set apart as a policy difference only when every breaking id
 * oasdiff asserts (we judged less), or every finding of ours at the level we
 * judged (we judged more), is one of these.
 */
const POLICY: Array<{ why: string; ids?: RegExp; finding?: RegExp; operation?: RegExp }> = [
  { why: 'a sunset dropped, made invalid or moved earlier is a warning; an invalid one made valid is not a change of contract', ids: /Sunset(Deleted|Parse|DateTooSmall)|SunsetParse/ },
  { why: 'removing an operation or parameter is breaking whatever its sunset said', finding: /removed (after its sunset|before its announced sunset|\(deprecated, no sunset announced\))/ },
  { why: 'a request default documents what the server does: one changed or dropped is a warning, a new one non-breaking', ids: /DefaultValue(Changed|Added|Removed)/, finding: /default .* requests that omit it now behave differently/ },
  { why: 'a removed error status is a warning: the server may still answer with it', finding: /^response \S+ removed \(no longer documented/ },
  { why: 'a renamed or removed operationId renames the generated client method', finding: /^operationId (renamed|removed)/ },
  { why: 'a bound newly set on a request narrows it: breaking, where oasdiff warns', finding: /: (maxLength|maximum|maxItems|exclusiveMaximum|exclusiveMinimum|minimum|minLength|minItems) \S+ added$/ },
  { why: 'a renamed path parameter renames the client method\'s argument', finding: /path parameter '[^']*' renamed to/ },
  { why: 'a response property that became writeOnly is no longer returned', finding: /^response \S+ .*became writeOnly: no longer returned/ },
  { why: 'a response pattern dropped is a warning, like one changed: values of other forms may come back', finding: /^response \S+ .*pattern .* removed: values of other forms/ },
  { why: 'a writeOnly property that is returned again is a new response property', ids: /BecameNonWriteOnly/ },
  { why: 'a server URL removed breaks clients configured with it', finding: /^server \S+ removed/ },
  { why: 'allOf/anyOf judged by what the merged schema accepts, not by its members', ids: /(AllOf|AnyOf)(Added|Removed)/ },
  { why: 'a new oneOf/anyOf branch or type in a response is a warning', ids: /^Response\w*(OneOf|AnyOf)Added|ListOfTypesWidened/ },
  { why: 'a property removed is breaking: the generated request types refuse it, code reading the response breaks', finding: /^property (response \S+ )?body\S* removed/ },
  { why: 'dependentRequired judged by direction: an added dependency narrows a response', ids: /DependentRequiredChanged/ },
  { why: 'a name listed in `required` must be sent whether or not the properties declare it', finding: /required but not declared among the properties/ },
  { why: 'a webhook payload is received by the client: judged as a response', operation: /\(webhook / },
];

function policyDifference(result: HeldoutResult): string | undefined {
  if (result.judged === 'crash') return undefined;
  const order = ['non-breaking', 'warning', 'breaking'];
  const lower = order.indexOf(result.judged) < order.indexOf(result.case.expect === 'not-breaking' ? 'warning' : result.case.expect);
  if (lower) {
    const ids = result.case.errIds.length > 0 ? result.case.errIds : result.case.ids;
    for (const entry of POLICY) {
      if (entry.ids && ids.length > 0 && ids.every((id) => entry.ids!.test(id))) return entry.why;
      if (entry.operation && result.changes.length > 0 && result.changes.every((change) => entry.operation!.test(change.operation))) return entry.why;
    }
    return undefined;
  }
  const worstOnes = result.changes.filter((change) => change.severity === result.judged);
  const whys = worstOnes.map((change) => POLICY.find((entry) => entry.finding?.test(change.description))?.why);
  return whys.length > 0 && whys.every((why) => why !== undefined && why === whys[0]) ? whys[0] : undefined;
}

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
      const [baseDoc, headDoc] = [structuredClone(a.document!), structuredClone(b.document!)];
      if (item.edits) {
        try {
          applyEdits(baseDoc, item.edits, 0);
          applyEdits(headDoc, item.edits, 1);
        } catch (error) {
          skipped.set('an edit made in Go code names a part the bundled spec does not have', [...(skipped.get('an edit made in Go code names a part the bundled spec does not have') ?? []), item.id]);
          continue;
        }
      }
      const all = compareDocuments(baseDoc, headDoc, { today });
      const changes = item.scope === 'all' ? all : all.filter((change) => sideOf(change) === item.scope);
      const level = worst(changes);
      results.push({ case: item, judged: level === 'none' ? 'non-breaking' : level, invalid: !!(a.invalid || b.invalid), changes, ms: performance.now() - started });
    } catch (error) {
      results.push({ case: item, judged: 'crash', invalid: !!(a.invalid || b.invalid), changes: [], error: (error as Error).message.slice(0, 300), ms: performance.now() - started });
    }
  }

  const headline = results.filter((result) => !result.case.singleCheck || result.case.expect === 'breaking');
  const indicative = results.filter((result) => !headline.includes(result));
  const of = (list: HeldoutResult[], label: Label) => list.filter((result) => result.case.expect === label);
  const breaking = of(headline, 'breaking');
  const nonBreaking = of(headline, 'non-breaking');
  const warning = of(headline, 'warning');
  const missed = (result: HeldoutResult) =>
    result.judged === 'crash' ||
    (result.case.expect === 'breaking' && result.judged !== 'breaking') ||
    (result.case.expect === 'non-breaking' && result.judged !== 'non-breaking') ||
    (result.case.expect === 'not-breaking' && result.judged === 'breaking') ||
    (result.case.expect === 'warning' && result.judged !== 'warning');
  const policy = new Map<HeldoutResult, string>();
  for (const result of results) {
    if (!missed(result)) continue;
    const why = policyDifference(result);
    if (why) policy.set(result, why);
  }

  if (values.verbose) {
    for (const miss of results.filter(missed)) {
      const shown = miss.changes.filter((change) => change.severity === miss.judged).slice(0, 3);
      const kind = policy.has(miss) ? `POLICY (${policy.get(miss)})` : indicative.includes(miss) ? 'MISS (indicative)' : 'MISS';
      console.error(
        `${kind} ${miss.case.id}: expected ${miss.case.expect} [${miss.case.ids.join(', ') || 'no change'}${miss.case.singleCheck ? `; single check, ${miss.case.scope}` : ''}], judged ${miss.judged}${miss.invalid ? ' (a side Redocly calls invalid)' : ''}\n  ${miss.case.base} → ${miss.case.revision}${miss.error ? `\n  error: ${miss.error}` : ''}${shown.map((change) => `\n  ${change.severity}: ${change.operation}: ${change.description}`).join('')}`,
      );
    }
  }

  /** `hit/of`, and the same with the policy differences among the misses set apart. */
  const figure = (list: HeldoutResult[], hit: (result: HeldoutResult) => boolean) => {
    const hits = list.filter(hit).length;
    const apart = list.filter((result) => !hit(result) && policy.has(result)).length;
    return `${pct(hits, list.length)}; policy differences ${apart}; without them ${pct(hits, list.length - apart)}`;
  };
  const reasons = new Map<string, number>();
  for (const [result, why] of policy) if (headline.includes(result)) reasons.set(why, (reasons.get(why) ?? 0) + 1);
  const skippedTotal = [...skipped.values()].reduce((sum, list) => sum + list.length, 0);
  const lines = [
    `oasdiff checker tests read from ${dir}: ${tests} test functions, ${results.length} pairs run, ${skippedTotal} skipped`,
    ...[...skipped].sort((x, y) => y[1].length - x[1].length).map(([reason, list]) => `  skipped ${String(list.length).padStart(4)}  ${reason}`),
    `labelled pairs run: ${headline.length} (${breaking.length} breaking, ${warning.length} warning, ${nonBreaking.length} non-breaking); ${headline.filter((result) => result.invalid).length} with a side Redocly calls invalid`,
    `breaking judged breaking:          ${figure(breaking, (result) => result.judged === 'breaking')}`,
    `non-breaking judged non-breaking:  ${figure(nonBreaking, (result) => result.judged === 'non-breaking')}`,
    `non-breaking not judged breaking:  ${figure(nonBreaking, (result) => result.judged === 'non-breaking' || result.judged === 'warning')}`,
    `warning judged warning:            ${figure(warning, (result) => result.judged === 'warning')}`,
    ...[...reasons].sort((x, y) => y[1] - x[1]).map(([why, count]) => `  policy difference ${String(count).padStart(3)}  ${why}`),
    `crashes: ${results.filter((result) => result.judged === 'crash').length}; pairs with a fallback: ${results.filter((result) => result.changes.some((change) => change.fallback)).length}`,
    `time per pair (compare only): ${(results.reduce((sum, result) => sum + result.ms, 0) / Math.max(1, results.length)).toFixed(2)} ms`,
    `indicative only (one check asserting no breaking change, scored on its side): ${indicative.length} pairs, ${indicative.filter((result) => !missed(result)).length} judged as labelled, ${indicative.filter((result) => missed(result) && policy.has(result)).length} policy differences`,
  ];
  console.log(lines.join('\n'));
  if (values.json) console.log(JSON.stringify(results.map((result) => ({ id: result.case.id, expect: result.case.expect, judged: result.judged, ids: result.case.ids, policy: policy.get(result) }))));
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('heldout.ts')) await main();
