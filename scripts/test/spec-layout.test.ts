// The layout of specs/ that keeps a 300-operation service reviewable: each
// service's openapi.yaml is a table of contents, its operations and schemas
// live in files per resource group, and no file grows past what a reviewer reads.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadServices, repoRoot } from '../services.ts';
import { specFiles } from '../spec-source.ts';

/** Longest a spec file may be (ARCHITECTURE.md, "Layout"). */
const MAX_LINES = 1500;
const TOC_KEYS = new Set(['openapi', 'info', 'jsonSchemaDialect', 'servers', 'security', 'tags', 'externalDocs', 'paths', 'components']);

const services = await loadServices();
const specsDir = path.join(repoRoot, 'specs');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

it(`no spec file is longer than ${MAX_LINES} lines`, () => {
  const long = yamlFiles(specsDir)
    .map((file) => ({ file: path.relative(repoRoot, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
    .filter(({ lines }) => lines > MAX_LINES);
  expect(long, 'split these by resource group (specs/README.md, "Layout")').toEqual([]);
});

describe.each(services)('$name', (service) => {
  const serviceDir = path.dirname(service.specPath);
  const root = parse(readFileSync(service.specPath, 'utf8')) as Record<string, any>;

  it('openapi.yaml is a table of contents: info, servers, tags, security, and paths as $refs', () => {
    expect(Object.keys(root).filter((key) => !TOC_KEYS.has(key))).toEqual([]);
    expect(Object.keys(root.components ?? {}).filter((kind) => kind !== 'securitySchemes'), 'schemas and responses belong in resource files').toEqual([]);
    for (const [route, item] of Object.entries<any>(root.paths ?? {})) {
      expect(Object.keys(item ?? {}), `${route}: a path is one $ref to its resource file`).toEqual(['$ref']);
      const target = path.resolve(serviceDir, item.$ref);
      expect(path.relative(serviceDir, target), `${route}: ${item.$ref}`).toMatch(/^[a-z0-9-]+\/[a-z0-9_-]+\.yaml$/);
    }
  });

  it('every file in the service folder is part of the spec (no orphan left behind by a move)', () => {
    const reached = new Set(specFiles(service.specPath));
    const orphans = yamlFiles(serviceDir)
      .filter((file) => !reached.has(file))
      .map((file) => path.relative(repoRoot, file));
    expect(orphans).toEqual([]);
  });
});
