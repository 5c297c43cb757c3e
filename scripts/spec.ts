// Linting and bundling of one service's spec through Redocly's own engine, so
// `pnpm lint`, `pnpm generate` and the tests see exactly what `redocly lint` sees.
import path from 'node:path';
import { bundle, getLineColLocation, lint, loadConfig, type Config } from '@redocly/openapi-core';
import { redoclyConfigFile, repoRoot, type Service } from './services.ts';
import { rememberOrigin } from './spec-source.ts';

export interface LintProblem {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warn';
  rule: string;
  message: string;
}

/** An OpenAPI document after bundling: every external `$ref` inlined into components. */
export type OpenApiDocument = Record<string, any>;

export class SpecProblemsError extends Error {
  constructor(
    readonly service: string,
    readonly problems: LintProblem[],
  ) {
    super(`${service}: ${problems.length} problem(s) in the spec:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'SpecProblemsError';
  }
}

const configs = new Map<string, Promise<Config>>();

function loadRedoclyConfig(root: string): Promise<Config> {
  let config = configs.get(root);
  if (!config) {
    config = loadConfig({ configPath: path.join(root, redoclyConfigFile) });
    configs.set(root, config);
  }
  return config;
}

export function formatProblem(problem: LintProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}  ${problem.severity}  ${problem.rule}  ${problem.message}`;
}

/** Runs the configured lint rules on a service's spec; returns the problems (none = clean). */
export async function lintService(service: Service, root: string = repoRoot): Promise<LintProblem[]> {
  const config = (await loadRedoclyConfig(root)).forAlias(service.name);
  const problems = await lint({ ref: service.specPath, config });
  return problems
    .filter((problem) => !problem.ignored)
    .map((problem) => {
      const location = problem.location[0]!;
      const { start } = getLineColLocation(location);
      const file = path.relative(root, location.source.absoluteRef).split(path.sep).join('/');
      return {
        file,
        line: start.line,
        column: start.col,
        severity: problem.severity === 'error' ? 'error' : 'warn',
        rule: problem.ruleId,
        message: problem.message,
      } satisfies LintProblem;
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** Bundles a service's spec into one self-contained document (no external `$ref`s). */
export async function bundleService(service: Service, root: string = repoRoot): Promise<OpenApiDocument> {
  const config = (await loadRedoclyConfig(root)).forAlias(service.name);
  const result = await bundle({ ref: service.specPath, config, dereference: false });
  const errors = result.problems.filter((problem) => problem.severity === 'error' && !problem.ignored);
  if (errors.length > 0) {
    throw new Error(`${service.specFile}: bundling failed: ${errors.map((problem) => problem.message).join('; ')}`);
  }
  const document = withSortedComponents(result.bundle.parsed as OpenApiDocument);
  rememberOrigin(document, service.specPath, root);
  return document;
}

/**
 * Orders every components map by name. The bundler adds a component where it
 * first meets the `$ref`, so without this the order of generated types and docs
 * would follow the order in which files happen to be walked: a schema moved to
 * another file, or a new operation referring to an old schema, would reshuffle
 * generated code that did not change.
 */
function withSortedComponents(document: OpenApiDocument): OpenApiDocument {
  const components = document.components;
  if (!components || typeof components !== 'object') return document;
  const kinds = Object.keys(components).sort((a, b) => kindRank(a) - kindRank(b) || compareNames(a, b));
  document.components = Object.fromEntries(
    kinds.map((kind) => {
      const map = components[kind];
      if (!map || typeof map !== 'object' || Array.isArray(map)) return [kind, map];
      return [kind, Object.fromEntries(Object.keys(map).sort(compareNames).map((name) => [name, map[name]]))];
    }),
  );
  return document;
}

/** The kinds of components in the order the OpenAPI 3.1 specification lists them; others after. */
const COMPONENT_KINDS = ['schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers', 'securitySchemes', 'links', 'callbacks', 'pathItems'];

function kindRank(kind: string): number {
  const rank = COMPONENT_KINDS.indexOf(kind);
  return rank === -1 ? COMPONENT_KINDS.length : rank;
}

/** Code-point order: the same on every machine and locale. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lints, then bundles; throws SpecProblemsError (naming file and line) on any lint problem. */
export async function loadCleanSpec(service: Service, root: string = repoRoot): Promise<OpenApiDocument> {
  const problems = await lintService(service, root);
  if (problems.length > 0) throw new SpecProblemsError(service.name, problems);
  return bundleService(service, root);
}

/**
 * Follows local `$ref`s (`#/components/...`) of a bundled document to the node
 * they point at. A bundle has no external refs left, so local ones suffice.
 */
export function resolveRef<T = any>(document: OpenApiDocument, node: unknown): T {
  let current: any = node;
  const seen = new Set<string>();
  while (current && typeof current.$ref === 'string') {
    const ref: string = current.$ref;
    if (!ref.startsWith('#/') || seen.has(ref)) throw new Error(`Cannot resolve ${ref} in the bundled spec.`);
    seen.add(ref);
    current = ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((parent: any, key) => parent?.[key], document);
  }
  return current as T;
}
