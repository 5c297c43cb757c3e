// The contract diff's engine: a structural walk over two OpenAPI 3.0/3.1
// documents (bundled; local `$ref`s are followed as it goes), judging every
// change by the direction it travels (schema.ts). Operations are matched by
// method and path template, webhooks by name and method; a removed and an added
// operation with the same operationId are one moved operation. Each finding
// names its operation, `all operations` for the document's security and
// servers, or `(document)`. Should a part of the walk fail on some shape it does
// not expect, that part is compared as plain JSON instead and its findings are
// marked `fallback` (warnings: nothing was judged) — the run never stops on a
// valid pair.
import { Doc, isObject, type Json } from './documents.ts';
import { compareOperation, operationsOf, removal, type OperationRef } from './operations.ts';
import { documentation, type Finding, type Walk } from './schema.ts';
import { compareSecurity, effectiveSecurity, schemeChanges } from './security.ts';
import { compareServers } from './servers.ts';
import type { Change } from './types.ts';

export interface CompareOptions {
  /** Called before each part is compared; a test hook to exercise the fallback. */
  probe?: (part: string) => void;
  /** The day sunsets (`x-sunset`) are measured against; today unless set. */
  today?: Date;
}

/** The documentation-only findings of one operation, as one line. */
function collapse(findings: Finding[]): Finding[] {
  const docs = findings.filter((finding) => finding.doc);
  if (docs.length === 0) return findings;
  const parts = new Map<string, Set<string>>();
  for (const { doc } of docs) {
    const keys = parts.get(doc!.subject) ?? new Set<string>();
    for (const key of doc!.keys) keys.add(key);
    parts.set(doc!.subject, keys);
  }
  const text = [...parts].map(([subject, keys]) => (subject ? `${subject} (${[...keys].join(', ')})` : [...keys].join(', '))).join('; ');
  return [...findings.filter((finding) => !finding.doc), { severity: 'non-breaking', description: `documentation changed: ${text}` }];
}

/** Plain JSON differences between two parts, `$ref`s followed; the fallback's findings. */
function structural(base: Doc, head: Doc, a: Json, b: Json, where: string, limit = 20): Finding[] {
  const out: Finding[] = [];
  const visit = (x: Json, y: Json, path: string, depth: number) => {
    if (out.length >= limit) return;
    const [rx, ry] = [base.resolve(x), head.resolve(y)];
    if (JSON.stringify(rx) === JSON.stringify(ry)) return;
    if (depth < 40 && rx && ry && typeof rx === 'object' && typeof ry === 'object' && Array.isArray(rx) === Array.isArray(ry)) {
      for (const key of new Set([...Object.keys(rx), ...Object.keys(ry)])) visit(rx[key], ry[key], `${path}/${key}`, depth + 1);
      return;
    }
    const show = (value: Json) => (value === undefined ? '(absent)' : JSON.stringify(value).slice(0, 80));
    out.push({ severity: 'warning', description: `(structural fallback) ${path || '/'}: ${show(rx)} → ${show(ry)}` });
  };
  try {
    visit(a, b, where, 0);
  } catch (error) {
    out.push({ severity: 'warning', description: `(structural fallback) ${where} could not be compared: ${(error as Error).message}` });
  }
  return out;
}

/** Every classified change between two versions of one API description. */
export function compareDocuments(baseRoot: Json, headRoot: Json, options: CompareOptions = {}): Change[] {
  const [base, head] = [new Doc(baseRoot ?? {}), new Doc(headRoot ?? {})];
  const today = (options.today ?? new Date()).getTime();
  const walkOf = (base: Doc, head: Doc): Walk => ({ base, head, out: [], visited: new Set(), depth: 0, today });
  const changes: Change[] = [];
  const seen = new Set<string>();
  const report = (operation: string, findings: Finding[], fallback = false) => {
    for (const finding of collapse(findings)) {
      const key = `${operation}\u0000${finding.severity}\u0000${finding.description}`;
      if (seen.has(key)) continue;
      seen.add(key);
      changes.push({ severity: finding.severity, operation, description: finding.description, ...(fallback ? { fallback: true as const } : {}) });
    }
  };
  /** Runs one part; on an unexpected failure, compares `a` and `b` as JSON instead. */
  const guarded = (part: string, label: string, a: Json, b: Json, run: (w: Walk) => void) => {
    const w = walkOf(base, head);
    try {
      options.probe?.(part);
      run(w);
      report(label, w.out);
    } catch (error) {
      if (process.env.CONTRACT_DIFF_DEBUG) console.error(`contract:diff: ${part} fell back to a structural comparison:`, error);
      report(label, structural(base, head, a, b, part), true);
    }
  };

  const [opsA, opsB] = [operationsOf(base), operationsOf(head)];
  const byKey = new Map(opsB.map((op) => [op.key, op]));
  const matched = new Map<OperationRef, OperationRef>();
  for (const op of opsA) {
    const twin = byKey.get(op.key);
    if (twin) matched.set(op, twin);
  }
  const gone = opsA.filter((op) => !matched.has(op));
  const taken = new Set(matched.values());
  const fresh = opsB.filter((op) => !taken.has(op));
  for (const op of gone) {
    const id = op.operation.operationId;
    const twin = typeof id === 'string' && id ? fresh.find((other) => other.kind === op.kind && other.operation.operationId === id && !taken.has(other)) : undefined;
    if (twin) {
      matched.set(op, twin);
      taken.add(twin);
      report(twin.label, [{ severity: 'breaking', description: `path changed: ${op.method} ${op.path} → ${twin.method} ${twin.path}` }]);
    } else report(op.label, [{ severity: 'breaking', description: op.kind === 'webhook' ? 'webhook removed (the API no longer calls it)' : removal(walkOf(base, head), 'operation', op.operation) }]);
  }
  for (const op of fresh) if (!taken.has(op)) report(op.label, [{ severity: 'non-breaking', description: op.kind === 'webhook' ? 'new webhook' : 'new operation' }]);
  for (const [a, b] of matched) {
    const where = a.kind === 'path' ? `/paths/${a.path}/${a.method.toLowerCase()}` : `/webhooks/${a.path}/${a.method.toLowerCase()}`;
    guarded(where, b.label, a.operation, b.operation, (w) => compareOperation(w, { base: a, head: b }, report));
  }

  // The document's own security and servers apply to every operation that
  // does not declare its own.
  const all = (opsB.length > 0 ? opsB : opsA).every((op) => op.operation.security === undefined) ? 'all operations' : 'all operations without their own security';
  guarded('/security', all, baseRoot?.security, headRoot?.security, (w) => {
    w.out.push(...compareSecurity(effectiveSecurity(baseRoot, {}), effectiveSecurity(headRoot, {})));
  });
  const ownServers = [...opsA, ...opsB].some((op) => op.operation.servers !== undefined || op.item.servers !== undefined);
  guarded('/servers', ownServers ? 'all operations without their own servers' : 'all operations', baseRoot?.servers, headRoot?.servers, (w) => {
    w.out.push(...compareServers(baseRoot?.servers, headRoot?.servers));
  });
  guarded('/components/securitySchemes', '(document)', baseRoot?.components?.securitySchemes, headRoot?.components?.securitySchemes, (w) => {
    const [sa, sb] = [baseRoot?.components?.securitySchemes, headRoot?.components?.securitySchemes];
    const schemesA: Record<string, any> = isObject(sa) ? sa : {};
    const schemesB: Record<string, any> = isObject(sb) ? sb : {};
    const users = (name: string) =>
      opsB.filter((op) => {
        const requirement = effectiveSecurity(headRoot, op.operation);
        return Array.isArray(requirement) && requirement.some((entry) => isObject(entry) && name in entry);
      });
    for (const name of Object.keys(schemesA)) {
      if (!(name in schemesB)) {
        if (users(name).length === 0) w.out.push({ severity: 'non-breaking', description: `security scheme '${name}' removed (no operation uses it)` });
        continue;
      }
      const found = schemeChanges(base, head, schemesA[name], schemesB[name]);
      const using = users(name);
      const label = using.length === opsB.length && using.length > 0 ? ['all operations'] : using.map((op) => op.label);
      for (const [severity, lines] of [
        ['breaking', found.breaking],
        ['warning', found.warning],
      ] as const) {
        for (const line of lines) {
          const description = `security scheme '${name}': ${line}`;
          if (label.length === 0) w.out.push({ severity: 'non-breaking', description: `${description} (no operation uses it)` });
          else for (const operation of label) report(operation, [{ severity, description }]);
        }
      }
      if (found.documentation.length > 0) w.out.push({ severity: 'non-breaking', description: '', doc: { subject: `security scheme '${name}'`, keys: found.documentation } });
    }
    for (const name of Object.keys(schemesB)) if (!(name in schemesA)) w.out.push({ severity: 'non-breaking', description: `new security scheme '${name}'` });
  });
  guarded('/', '(document)', baseRoot?.info, headRoot?.info, (w) => {
    const [ia, ib] = [isObject(baseRoot?.info) ? baseRoot.info : {}, isObject(headRoot?.info) ? headRoot.info : {}];
    if (ia.version !== ib.version) w.out.push({ severity: 'non-breaking', description: `info.version ${ia.version} → ${ib.version}` });
    if (baseRoot?.openapi !== headRoot?.openapi) w.out.push({ severity: 'non-breaking', description: `OpenAPI ${baseRoot?.openapi} → ${headRoot?.openapi}` });
    if (JSON.stringify(baseRoot?.jsonSchemaDialect) !== JSON.stringify(headRoot?.jsonSchemaDialect)) {
      w.out.push({ severity: 'warning', description: `jsonSchemaDialect ${JSON.stringify(baseRoot?.jsonSchemaDialect ?? null)} → ${JSON.stringify(headRoot?.jsonSchemaDialect ?? null)}: schemas are read by other rules` });
    }
    documentation(w, 'info', ia, ib, ['title', 'summary', 'description', 'termsOfService', 'contact', 'license']);
    documentation(w, '', { tags: baseRoot?.tags, externalDocs: baseRoot?.externalDocs }, { tags: headRoot?.tags, externalDocs: headRoot?.externalDocs }, ['tags', 'externalDocs']);
  });
  return changes;
}
