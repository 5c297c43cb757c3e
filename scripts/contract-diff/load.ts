// Reads one side of a service's contract: checks that the spec is readable and
// a valid OpenAPI document (Redocly's `struct` and `no-unresolved-refs` rules
// only — not the house rules, which a base commit may predate), then bundles it
// with the same code as generation. An unreadable or invalid spec is an error
// naming file, line and column; anything valid goes on to the comparison.
import path from 'node:path';
import { createConfig, getLineColLocation, lint, type Config } from '@redocly/openapi-core';
import type { Service } from '../services.ts';
import { bundleService, type OpenApiDocument } from '../spec.ts';

export class InvalidSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSpecError';
  }
}

let validity: Promise<Config> | undefined;

function validityConfig(): Promise<Config> {
  validity ??= createConfig({ rules: { struct: 'error', 'no-unresolved-refs': 'error' } } as any);
  return validity;
}

/**
 * The bundled spec of `service` under `root`; `side` names the tree in errors
 * (`base abc123def456`, `working tree`).
 */
export async function loadContract(service: Service, root: string, side: string): Promise<OpenApiDocument> {
  const where = (absolute: string) => path.relative(root, absolute).split(path.sep).join('/');
  let problems: Awaited<ReturnType<typeof lint>>;
  try {
    problems = await lint({ ref: service.specPath, config: await validityConfig() });
  } catch (error) {
    const failure = error as Error & { line?: number; col?: number; source?: { absoluteRef?: string }; code?: string };
    if (failure.code === 'ENOENT') throw new InvalidSpecError(`${service.specFile} (${side}): cannot read it: no such file (registered for ${service.name} in redocly.yaml)`);
    const file = failure.source?.absoluteRef ? where(failure.source.absoluteRef) : service.specFile;
    const at = failure.line !== undefined ? `:${failure.line}:${failure.col ?? 1}` : '';
    throw new InvalidSpecError(`${file}${at} (${side}): cannot read it: ${failure.message.replace(/ in "[^"]*"/, '')}`);
  }
  const errors = problems.filter((problem) => problem.severity === 'error' && !problem.ignored);
  if (errors.length > 0) {
    const lines = errors.slice(0, 20).map((problem) => {
      const location = problem.location[0];
      if (!location) return `${service.specFile} (${side}): ${problem.message}`;
      const { start } = getLineColLocation(location);
      return `${where(location.source.absoluteRef)}:${start.line}:${start.col} (${side}): ${problem.message}`;
    });
    const more = errors.length > 20 ? `\n… and ${errors.length - 20} more` : '';
    throw new InvalidSpecError(`${service.name}: not a valid OpenAPI document:\n${lines.join('\n')}${more}`);
  }
  return bundleService(service, root);
}
