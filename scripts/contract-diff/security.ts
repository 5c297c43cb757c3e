// Security requirements compared as what they are: a list of alternatives, each
// a set of schemes (with scopes) that must all be satisfied. A client that could
// call before still can when every old alternative is still accepted, or a
// new one asks for no more than it. Dropping an alternative, or adding a scheme
// or scope every call must now carry, breaks; adding an alternative does not.
import { isObject, type Doc, type Json } from './documents.ts';
import type { Finding } from './schema.ts';

type Alternative = Map<string, Set<string>>;

/** The requirement in force for an operation: its own, else the document's (none = open). */
export function effectiveSecurity(root: Json, operation: Record<string, any>): Json {
  return operation.security ?? root?.security ?? [];
}

function alternatives(requirement: Json): Alternative[] {
  const list = Array.isArray(requirement) ? requirement : [];
  const out = list.filter(isObject).map((entry) => new Map(Object.entries(entry).map(([scheme, scopes]) => [scheme, new Set<string>(Array.isArray(scopes) ? scopes : [])])));
  return out.length > 0 ? out : [new Map()];
}

const show = (alternative: Alternative) =>
  alternative.size === 0 ? 'anonymous calls' : [...alternative].map(([scheme, scopes]) => (scopes.size > 0 ? `${scheme} (${[...scopes].join(', ')})` : scheme)).join(' + ');

/** `needs` asks for no more than `has`: each of its schemes is in `has` with no extra scope. */
const within = (needs: Alternative, has: Alternative) => [...needs].every(([scheme, scopes]) => has.has(scheme) && [...scopes].every((scope) => has.get(scheme)!.has(scope)));
const equal = (x: Alternative, y: Alternative) => within(x, y) && within(y, x);

export function compareSecurity(before: Json, after: Json): Finding[] {
  const [was, now] = [alternatives(before), alternatives(after)];
  const out: Finding[] = [];
  const tightened = new Set<Alternative>();
  for (const old of was) {
    if (now.some((alternative) => within(alternative, old))) continue;
    const stricter = now.find((alternative) => within(old, alternative));
    if (old.size === 0) {
      for (const alternative of now) tightened.add(alternative);
      out.push({ severity: 'breaking', description: `security: anonymous calls no longer accepted; every call needs ${now.map(show).join(' or ')}` });
    } else if (stricter) {
      tightened.add(stricter);
      const extra: string[] = [];
      for (const [scheme, scopes] of stricter) {
        if (!old.has(scheme)) extra.push(scheme);
        else for (const scope of scopes) if (!old.get(scheme)!.has(scope)) extra.push(`scope '${scope}' of ${scheme}`);
      }
      out.push({ severity: 'breaking', description: `security: every call with ${show(old)} now also needs ${extra.join(' and ')}` });
    } else out.push({ severity: 'breaking', description: `security: no longer accepts ${show(old)}` });
  }
  for (const alternative of now) {
    if (tightened.has(alternative) || was.some((old) => equal(old, alternative))) continue;
    out.push({ severity: 'non-breaking', description: alternative.size === 0 ? 'security: now also accepts anonymous calls' : `security: now also accepts ${show(alternative)}` });
  }
  return out;
}

const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);

/** What a client must do differently to satisfy a scheme, one line each ([] when nothing). */
export function schemeChanges(base: Doc, head: Doc, a: Json, b: Json): { breaking: string[]; warning: string[]; documentation: string[] } {
  const [x, y] = [base.resolve(a) ?? {}, head.resolve(b) ?? {}];
  const out = { breaking: [] as string[], warning: [] as string[], documentation: [] as string[] };
  const field = (key: string, fold = false) => {
    const [p, q] = [fold ? lower(x[key]) : x[key], fold ? lower(y[key]) : y[key]];
    if (JSON.stringify(p) !== JSON.stringify(q)) out.breaking.push(`${key} ${JSON.stringify(x[key] ?? null)} → ${JSON.stringify(y[key] ?? null)}`);
  };
  if (x.type !== y.type) {
    out.breaking.push(`type ${JSON.stringify(x.type ?? null)} → ${JSON.stringify(y.type ?? null)}${y.scheme ? ` (${y.scheme})` : ''}`);
    return out;
  }
  field('in');
  field('name', x.in === 'header');
  field('scheme', true);
  field('openIdConnectUrl');
  const [fa, fb] = [isObject(x.flows) ? x.flows : {}, isObject(y.flows) ? y.flows : {}];
  for (const [flow, before] of Object.entries<any>(fa)) {
    const after = fb[flow];
    if (!isObject(after)) {
      out.breaking.push(`OAuth flow ${flow} removed`);
      continue;
    }
    for (const url of ['authorizationUrl', 'tokenUrl', 'refreshUrl']) {
      if (before?.[url] !== (after as any)[url]) out.breaking.push(`${flow} ${url} ${JSON.stringify(before?.[url] ?? null)} → ${JSON.stringify((after as any)[url] ?? null)}`);
    }
    const scopesAfter = isObject((after as any).scopes) ? (after as any).scopes : {};
    const lost = Object.keys(isObject(before?.scopes) ? before.scopes : {}).filter((scope) => !(scope in scopesAfter));
    if (lost.length > 0) out.warning.push(`${flow} scopes removed: ${lost.join(', ')}`);
  }
  if (!isObject(x.flows) && isObject(y.flows)) out.breaking.push('OAuth flows now declared');
  if (JSON.stringify(x['x-signed-headers']) !== JSON.stringify(y['x-signed-headers'])) out.warning.push('x-signed-headers changed (requests are signed over other headers)');
  for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
    if ((key === 'description' || key === 'bearerFormat' || (key.startsWith('x-') && key !== 'x-signed-headers')) && JSON.stringify(x[key]) !== JSON.stringify(y[key])) out.documentation.push(key);
  }
  return out;
}
