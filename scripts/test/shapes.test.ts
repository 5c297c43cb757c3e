// The shared table of shapes: every component an input reaches is written
// once, a structured shape that occurs twice is hoisted and referred to,
// recursion goes through lazy references, and the generated files hold no
// shape literal twice and no line over 400 characters.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildShapeTable, renderShape, shapeOf, type InputShape } from '../generate/shapes.ts';
import { loadServices } from '../services.ts';

const root = path.resolve(import.meta.dirname, '../..');

const tag = { type: 'object', properties: { key: { type: 'string', maxLength: 36 }, value: { type: 'string' } }, required: ['key'] };
const document: any = {
  openapi: '3.1.0',
  info: { title: 'Demo', version: '1' },
  paths: {},
  components: {
    schemas: {
      Node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } }, required: ['name'] },
      Thing: { type: 'object', properties: { tags: { type: 'array', items: tag }, owner: { $ref: '#/components/schemas/Owner' }, tree: { $ref: '#/components/schemas/Node' } } },
      Owner: { type: 'object', properties: { tags: { type: 'array', items: tag }, secret: { type: 'string', writeOnly: true, format: 'password' } } },
      Copy: { type: 'object', properties: { tags: { type: 'array', items: tag }, secret: { type: 'string', writeOnly: true, format: 'password' } } },
      Dated: { type: 'object', properties: { at: { type: 'string', format: 'date-time' }, id: { type: 'string', pattern: '^a/b$' }, n: { type: 'integer', minimum: 1, exclusiveMaximum: 9 } } },
    },
  },
};

function table(inputs: Record<string, unknown>) {
  const map = new Map<string, InputShape>(Object.entries(inputs).map(([key, schema]) => [key, { owner: key.replace('.', ''), expr: shapeOf(document, schema, key) }]));
  return buildShapeTable(document, map, new Set(['string', 'object', 'array']));
}

describe('the shape table', () => {
  it('defines each reached component once, dependencies first, and hoists a structured shape that occurs twice', () => {
    const { definitions, inputs } = table({ 'CreateThing.body': { $ref: '#/components/schemas/Thing' }, 'CreateCopy.body': { $ref: '#/components/schemas/Copy' } });
    const names = [...definitions.keys()];
    expect(names).toEqual(expect.arrayContaining(['Thing', 'Owner', 'Copy', 'Node']));
    expect(names.indexOf('Owner')).toBeLessThan(names.indexOf('Thing'));
    // Owner is identical to Copy: an alias, not a second literal.
    expect(definitions.get('Owner')).toEqual({ ref: 'Copy' });
    // The inline tag object occurs in Thing and Owner: one definition, referred to by both.
    const hoisted = names.filter((name) => !document.components.schemas[name]);
    expect(hoisted).toHaveLength(1);
    expect(JSON.stringify(definitions.get('Thing'))).toContain(`{"ref":"${hoisted[0]}"}`);
    expect(JSON.stringify(definitions.get('Copy'))).toContain(`{"ref":"${hoisted[0]}"}`);
    expect(inputs.get('CreateThing.body')).toEqual({ ref: 'Thing' });
  });

  it('renders recursion as a lazy reference, secrets, formats, patterns and exclusive bounds as core reads them', () => {
    const { definitions } = table({ 'Op.body': { $ref: '#/components/schemas/Node' }, 'Op2.body': { $ref: '#/components/schemas/Dated' }, 'Op3.body': { $ref: '#/components/schemas/Owner' } });
    const uses = new Set<string>();
    const render = (name: string) => renderShape(definitions.get(name)!, (ref) => (ref === name ? `() => ${ref}` : ref), (id) => uses.add(id));
    expect(render('Node')).toBe("{\n  k: object,\n  props: { name: plainString, children: { k: array, items: () => Node } },\n  req: ['name'],\n}");
    expect(render('Dated')).toBe(
      '{\n  k: object,\n  props: {\n    at: { k: string, format: dateTime },\n    id: { k: string, pattern: /^a\\/b$/u },\n    n: { k: integer, minimum: 1, exclusiveMaximum: 9 },\n  },\n}',
    );
    expect(render('Owner')).toContain('secret: { k: plainString, secret: true }');
    expect([...uses].sort()).toEqual(['array', 'dateTime', 'integer', 'object', 'plainString', 'string']);
  });
});

/**
 * Every structured object literal (`k: object` or `k: array` with `props` or
 * `items`), as normalised text: the shapes the generator hoists when they
 * repeat. A bare open object (`{ k: object, open: true }`) has nothing to
 * share, like a scalar shape.
 */
function structuredLiterals(source: string): string[] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const kind = node.properties.find((property) => ts.isPropertyAssignment(property) && property.name.getText(file) === 'k');
      const structured = node.properties.some((property) => ts.isPropertyAssignment(property) && ['props', 'items'].includes(property.name.getText(file)));
      if (kind && ts.isPropertyAssignment(kind) && ['object', 'array'].includes(kind.initializer.getText(file)) && structured) found.push(node.getText(file).replace(/\s+/g, ''));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('generated packages', async () => {
  const services = await loadServices();
  it.each(services.map((service) => service.name))('%s: no line over 400 characters, no structured shape literal twice', async (name) => {
    const sources = await Promise.all(['index.ts', 'shapes.ts'].map((file) => readFile(path.join(root, 'packages', name, 'src', file), 'utf8')));
    for (const source of sources) {
      const long = source.split('\n').filter((line) => line.length > 400);
      expect(long, 'lines over 400 characters').toEqual([]);
    }
    const literals = sources.flatMap(structuredLiterals);
    const twice = literals.filter((literal, index) => literals.indexOf(literal) !== index);
    expect(twice).toEqual([]);
    expect(literals.length).toBeGreaterThan(0);
  });
});
