// A bundled node traced back to the file a person edits, through the table of
// contents' `$ref`s: every operation, parameter and schema of the real specs,
// and a generator error in a spec written across several files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listOperations } from '../generate/operations.ts';
import { loadServices, repoRoot } from '../services.ts';
import { locate } from '../spec-source.ts';
import { bundleService } from '../spec.ts';
import { createDemoService } from './fixtures/demo-service.ts';

const services = await Promise.all((await loadServices()).map(async (service) => ({ service, document: await bundleService(service) })));

/** The text at `file:line:col`, from that column to the end of the line. */
function textAt(location: string, root = repoRoot): string {
  const [file, line, column] = location.split(':');
  const text = readFileSync(path.join(root, file!), 'utf8').split('\n')[Number(line) - 1] ?? '';
  return text.slice(Number(column) - 1);
}

describe.each(services)('$service.name: locations of the bundled spec', ({ service, document }) => {
  it('traces each operationId and each of its parameters to the resource file that declares it', () => {
    for (const [route, item] of Object.entries<any>(document.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        if (typeof operation?.operationId !== 'string') continue;
        const location = locate(document, ['paths', route, method, 'operationId']);
        expect(location, `${operation.operationId}`).toMatch(new RegExp(`^specs/${service.name}/[^:]+/[^:]+\\.yaml:\\d+:\\d+$`));
        expect(textAt(location!)).toBe(`operationId: ${operation.operationId}`);
        (operation.parameters ?? []).forEach((parameter: any, index: number) => {
          const at = locate(document, ['paths', route, method, 'parameters', index]);
          expect(at, `${operation.operationId} parameter ${index}`).not.toBeNull();
          expect(textAt(at!)).toMatch(parameter.$ref ? /^\$ref: / : /^name: /);
        });
      }
    }
  });

  it('traces each component the bundle made to the file and key that define it', () => {
    for (const [kind, map] of Object.entries<any>(document.components)) {
      for (const name of Object.keys(map)) {
        const location = locate(document, ['components', kind, name]);
        expect(location, `${kind}.${name}`).not.toBeNull();
        expect(textAt(location!)).toMatch(new RegExp(`^${name}:`));
      }
    }
  });
});

describe('a generator error in a spec written across files', () => {
  it('names the resource file, line and column of the broken x-pagination', async () => {
    const things = [
      '# /v1/things',
      'get:',
      '  operationId: ListThings',
      '  x-pagination:',
      '    scheme: offset',
      '    items: things',
      '    offset: start',
      '  responses:',
      "    '200':",
      '      description: ok',
      '      content:',
      '        application/json:',
      "          schema: { $ref: 'models.yaml#/ThingList' }",
      '',
    ].join('\n');
    const demo = await createDemoService('/v1/things', things, 'ThingList:\n  type: object\n');
    try {
      expect(locate(demo.document, ['components', 'schemas', 'ThingList'])).toBe('specs/demo/things/models.yaml:1:1');
      expect(() => listOperations(demo.document, demo.service.specFile)).toThrow(
        'specs/demo/things/things.yaml:4:3: GET /v1/things: x-pagination.offset must name a query parameter of the operation; got "start".',
      );
    } finally {
      await demo.remove();
    }
  });
});
