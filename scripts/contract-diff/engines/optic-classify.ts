// The engine the contract diff used until the structural walk replaced it
// (see ARCHITECTURE.md, "Contract diff"): Optic's changelog, classified by
// direction. Kept, unchanged in its judgement, so that `measure.ts` can compare
// engines on the labelled corpus; nothing on the `pnpm contract:diff` path
// imports it.
import type { OpenApiDocument } from '../../spec.ts';
import type { Change, Severity } from '../types.ts';
import type { OpticAttribute, OpticContentType, OpticDiff, OpticNode, OpticOperation } from './optic.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const DOCUMENTATION = /\/(description|summary|title|example|examples|externalDocs|x-[^/]+)(\/|$)/;

interface OperationRef {
  method: string;
  path: string;
  operation: any;
}

function operationsOf(document: OpenApiDocument): Map<string, OperationRef> {
  const found = new Map<string, OperationRef>();
  for (const [path, item] of Object.entries<any>(document.paths ?? {})) {
    for (const method of METHODS) {
      if (item?.[method]) found.set(`${method.toUpperCase()} ${path}`, { method: method.toUpperCase(), path, operation: item[method] });
    }
  }
  return found;
}

function label(ref: OperationRef | undefined, fallback: string): string {
  return ref?.operation?.operationId ? `${ref.operation.operationId} (${ref.method} ${ref.path})` : fallback;
}

function list(values: unknown): string {
  return Array.isArray(values) ? values.map((value) => JSON.stringify(value)).join(', ') : JSON.stringify(values);
}

function enumChange(before: unknown[], after: unknown[]): { removed: unknown[]; added: unknown[] } {
  return {
    removed: before.filter((value) => !after.some((other) => JSON.stringify(other) === JSON.stringify(value))),
    added: after.filter((value) => !before.some((other) => JSON.stringify(other) === JSON.stringify(value))),
  };
}

/** Changes to one schema property, in a request (`sent`) or a response (`received`). */
function propertyChanges(attribute: OpticAttribute, where: string, direction: 'sent' | 'received'): Array<[Severity, string]> {
  const name = attribute.key.replace(/^\/schema/, '').replace(/\/properties\//g, '.').replace(/^\./, '');
  const subject = `${where} property '${name}'`;
  if (attribute.change === 'removed') return [['breaking', `${subject} removed`]];
  if (attribute.change === 'added') {
    if (direction === 'sent' && attribute.after?.required) return [['breaking', `new required ${subject}`]];
    return [['non-breaking', `new ${direction === 'sent' ? 'optional ' : ''}${subject}`]];
  }
  const before = attribute.before ?? {};
  const after = attribute.after ?? {};
  const out: Array<[Severity, string]> = [];
  if ('required' in before || 'required' in after) {
    const becameRequired = !before.required && after.required;
    if (direction === 'sent') out.push([becameRequired ? 'breaking' : 'non-breaking', `${subject} ${becameRequired ? 'became required' : 'became optional'}`]);
    else out.push([becameRequired ? 'non-breaking' : 'breaking', `${subject} ${becameRequired ? 'is now always present' : 'may now be absent'}`]);
  }
  if ('type' in before || 'type' in after) out.push(['breaking', `${subject} changed type ${list(before.type)} → ${list(after.type)}`]);
  if (Array.isArray(before.enum) || Array.isArray(after.enum)) {
    const { removed, added } = enumChange(before.enum ?? [], after.enum ?? []);
    if (removed.length > 0) out.push([direction === 'sent' ? 'breaking' : 'non-breaking', `${subject} enum narrowed (removed ${list(removed)})`]);
    if (added.length > 0) out.push([direction === 'sent' ? 'non-breaking' : 'breaking', `${subject} enum widened (added ${list(added)})`]);
  }
  for (const key of Object.keys({ ...before, ...after })) {
    if (['required', 'type', 'enum'].includes(key)) continue;
    out.push([/^(description|example|examples|title)$/.test(key) ? 'non-breaking' : 'breaking', `${subject}: ${key} changed`]);
  }
  return out;
}

function contentChanges(content: OpticContentType, where: string, direction: 'sent' | 'received'): Array<[Severity, string]> {
  if (content.change === 'removed') return [['breaking', `${where} no longer accepts/returns ${content.name}`]];
  if (content.change === 'added') return [['non-breaking', `${where} now also ${direction === 'sent' ? 'accepts' : 'returns'} ${content.name}`]];
  return content.attributes.flatMap((attribute): Array<[Severity, string]> => {
    if (/^\/schema(\/properties\/[^/]+)+$/.test(attribute.key)) return propertyChanges(attribute, where, direction);
    if (DOCUMENTATION.test(attribute.key)) return [['non-breaking', `${where}: ${attribute.key.slice(1)} changed (documentation)`]];
    return [['breaking', `${where}: schema ${attribute.key} ${attribute.change}`]];
  });
}

function parameterChanges(parameters: OpticNode[]): Array<[Severity, string]> {
  const parse = (node: OpticNode) => /^(\w+) parameter '(.*)'$/.exec(node.name) ?? [node.name, 'unknown', node.name];
  const out: Array<[Severity, string]> = [];
  const moved = new Set<OpticNode>();
  for (const removed of parameters.filter((node) => node.change === 'removed')) {
    const [, from, name] = parse(removed);
    const twin = parameters.find((node) => node.change === 'added' && parse(node)[2] === name);
    if (twin) {
      moved.add(removed).add(twin);
      out.push(['breaking', `parameter '${name}' moved from ${from} to ${parse(twin)[1]}`]);
    }
  }
  for (const node of parameters) {
    if (moved.has(node)) continue;
    const [, location, name] = parse(node);
    const subject = `${location} parameter '${name}'`;
    if (node.change === 'removed') out.push(['breaking', `${subject} removed`]);
    else if (node.change === 'added') {
      const required = node.attributes[0]?.after?.required === true;
      out.push([required ? 'breaking' : 'non-breaking', `new ${required ? 'required' : 'optional'} ${subject}`]);
    } else {
      for (const attribute of node.attributes) {
        if (attribute.key === '/required') {
          const becameRequired = attribute.after === true;
          out.push([becameRequired ? 'breaking' : 'non-breaking', `${subject} ${becameRequired ? 'became required' : 'became optional'}`]);
        } else if (attribute.key === '/schema/type' || attribute.key === '/schema/format') {
          out.push(['breaking', `${subject} changed ${attribute.key.slice(8)} ${list(attribute.before)} → ${list(attribute.after)}`]);
        } else if (attribute.key === '/schema/enum') {
          const { removed, added } = enumChange(attribute.before ?? [], attribute.after ?? []);
          if (removed.length > 0) out.push(['breaking', `${subject} enum narrowed (removed ${list(removed)})`]);
          if (added.length > 0) out.push(['non-breaking', `${subject} enum widened (added ${list(added)})`]);
        } else if (DOCUMENTATION.test(attribute.key)) {
          out.push(['non-breaking', `${subject}: ${attribute.key.slice(1)} changed (documentation)`]);
        } else {
          out.push(['breaking', `${subject}: ${attribute.key.slice(1)} ${attribute.change}`]);
        }
      }
    }
  }
  return out;
}

function operationChanges(operation: OpticOperation): Array<[Severity, string]> {
  const out: Array<[Severity, string]> = [];
  for (const attribute of operation.attributes) {
    if (attribute.key === '/operationId') out.push(['breaking', `operationId renamed ${list(attribute.before)} → ${list(attribute.after)} (the client method is renamed)`]);
    else if (attribute.key === '/security') continue; // compared with inherited security in securityChanges
    else if (attribute.key === '/deprecated') out.push(['non-breaking', attribute.after ? 'operation deprecated' : 'operation no longer deprecated']);
    else out.push(['non-breaking', `${attribute.key.slice(1)} changed${DOCUMENTATION.test(attribute.key) || attribute.key === '/tags' ? ' (documentation)' : ''}`]);
  }
  out.push(...parameterChanges(operation.parameters));
  const body = operation.requestBody;
  if (body?.change === 'added') {
    const required = body.attributes[0]?.after?.required === true;
    out.push([required ? 'breaking' : 'non-breaking', `new ${required ? 'required' : 'optional'} request body`]);
  } else if (body?.change === 'removed') out.push(['breaking', 'request body removed']);
  else if (body) {
    for (const attribute of body.attributes) {
      if (attribute.key === '/required') out.push([attribute.after ? 'breaking' : 'non-breaking', `request body ${attribute.after ? 'became required' : 'became optional'}`]);
      else out.push(['non-breaking', `request body ${attribute.key.slice(1)} changed`]);
    }
    for (const content of body.contentTypes) out.push(...contentChanges(content, 'request body', 'sent'));
  }
  for (const response of operation.responses) {
    const code = response.name.replace(/ response$/, '');
    const success = /^2/.test(code);
    if (response.change === 'removed') out.push(['breaking', `${success ? 'success response' : 'status code'} ${code} removed`]);
    else if (response.change === 'added') out.push(['non-breaking', `new response ${code}`]);
    else {
      for (const attribute of response.attributes) {
        // Optic reports a response whose whole `content` map appeared or went
        // as an attribute of the response, not as content types.
        if (attribute.key === '/content') {
          const [was, now] = [Object.keys(attribute.before ?? {}), Object.keys(attribute.after ?? {})];
          for (const type of was.filter((name) => !now.includes(name))) {
            out.push(success ? ['breaking', `success response ${code} lost its ${type} body`] : ['breaking', `response ${code} no longer returns ${type}`]);
          }
          for (const type of now.filter((name) => !was.includes(name))) out.push(['non-breaking', `response ${code} now also returns ${type}`]);
        } else out.push(['non-breaking', `response ${code}: ${attribute.key.slice(1)} changed (documentation)`]);
      }
      for (const content of response.contentTypes) {
        if (content.change === 'removed' && success) out.push(['breaking', `success response ${code} lost its ${content.name} body`]);
        else out.push(...contentChanges(content, `response ${code}`, 'received'));
      }
      for (const header of response.headers) out.push(['non-breaking', `response ${code} header ${header.name} ${header.change}`]);
    }
  }
  return out;
}

function effectiveSecurity(document: OpenApiDocument, operation: any): string {
  const requirements = (operation.security ?? document.security ?? []) as Array<Record<string, string[]>>;
  return requirements.map((requirement) => Object.keys(requirement).sort().join(' + ') || '(none)').join(' | ') || '(none)';
}

function schemeShape(document: OpenApiDocument, name: string): string {
  const scheme = document.components?.securitySchemes?.[name];
  return scheme ? JSON.stringify({ type: scheme.type, in: scheme.in, name: scheme.name, scheme: scheme.scheme }) : 'undefined';
}

/** Every classified change between two bundled versions of one service's spec. */
export function classify(base: OpenApiDocument, head: OpenApiDocument, diff: OpticDiff): Change[] {
  const baseOps = operationsOf(base);
  const headOps = operationsOf(head);
  const changes: Change[] = [];
  const add = (severity: Severity, operation: string, description: string) => changes.push({ severity, operation, description });

  const removed = diff.operations.filter((operation) => operation.change === 'removed');
  const added = diff.operations.filter((operation) => operation.change === 'added');
  const paired = new Set<OpticOperation>();
  for (const gone of removed) {
    const id = baseOps.get(gone.name)?.operation.operationId;
    const twin = added.find((candidate) => id && headOps.get(candidate.name)?.operation.operationId === id);
    if (twin) {
      paired.add(gone).add(twin);
      add('breaking', label(headOps.get(twin.name), twin.name), `path changed: ${gone.name} → ${twin.name}`);
    }
  }
  for (const operation of diff.operations) {
    if (paired.has(operation)) continue;
    if (operation.change === 'removed') add('breaking', label(baseOps.get(operation.name), operation.name), 'operation removed');
    else if (operation.change === 'added') add('non-breaking', label(headOps.get(operation.name), operation.name), 'new operation');
    else {
      const where = label(headOps.get(operation.name), operation.name);
      for (const [severity, description] of operationChanges(operation)) add(severity, where, description);
    }
  }

  // Security: the effective requirement of each operation present on both sides.
  const headById = new Map([...headOps.values()].map((ref) => [ref.operation.operationId, ref]));
  for (const ref of baseOps.values()) {
    const after = headById.get(ref.operation.operationId);
    if (!after) continue;
    const [was, now] = [effectiveSecurity(base, ref.operation), effectiveSecurity(head, after.operation)];
    if (was !== now) add('breaking', label(after, ref.operation.operationId), `security changed: ${was} → ${now}`);
  }
  const schemes = new Set([...Object.keys(base.components?.securitySchemes ?? {}), ...Object.keys(head.components?.securitySchemes ?? {})]);
  for (const name of schemes) {
    if (schemeShape(base, name) !== schemeShape(head, name) && base.components?.securitySchemes?.[name]) {
      add('breaking', '(document)', `security scheme '${name}' ${head.components?.securitySchemes?.[name] ? 'changed' : 'removed'}`);
    }
  }
  const regions = (document: OpenApiDocument) =>
    new Map<string, string>((document.servers ?? []).flatMap((server: any) => (server.variables?.region?.enum ?? []).map((region: string) => [region, String(server.url)])));
  const [baseRegions, headRegions] = [regions(base), regions(head)];
  for (const [region, url] of baseRegions) {
    if (!headRegions.has(region)) add('breaking', '(document)', `region '${region}' removed (clients created with it now fail)`);
    else if (headRegions.get(region) !== url) add('breaking', '(document)', `region '${region}' moved from ${url} to ${headRegions.get(region)}`);
  }
  for (const region of headRegions.keys()) {
    if (!baseRegions.has(region)) add('non-breaking', '(document)', `new region '${region}'`);
  }
  if (base.info?.version !== head.info?.version) add('non-breaking', '(document)', `info.version ${base.info?.version} → ${head.info?.version}`);
  return changes;
}
