// The engines measured on the labelled corpus (measure.ts): the structural
// walk the command uses, Optic as the command used it before, and api-smart-diff
// as its own classification stands. Each takes two parsed documents and returns
// the command's Change list, or throws (a crash, counted as such). Optic and
// api-smart-diff are only measured, never on the command's path; each is loaded
// when present and reported "not installed" otherwise.
import { createRequire } from 'node:module';
import { compareDocuments } from '../compare.ts';
import type { OpenApiDocument } from '../../spec.ts';
import type { Change, Severity } from '../types.ts';
import { classify } from './optic-classify.ts';
import { opticAvailable, opticDiff } from './optic.ts';

export interface Engine {
  name: string;
  about: string;
  available(): boolean;
  compare(base: OpenApiDocument, head: OpenApiDocument): Promise<Change[]>;
}

const require = createRequire(import.meta.url);
const installed = (name: string) => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
};
/** api-smart-diff, untyped on purpose: it may be uninstalled without breaking the typecheck. */
const smartDiff = async (): Promise<{ apiCompare(before: unknown, after: unknown): { diffs: any[] } }> => import('api-smart-diff' as string);

const SMART_LEVELS: Record<string, Severity> = {
  breaking: 'breaking',
  'non-breaking': 'non-breaking',
  annotation: 'non-breaking',
  deprecated: 'non-breaking',
  unclassified: 'warning',
};

export const ENGINES: Engine[] = [
  {
    name: 'structural walk',
    about: 'compare.ts: own walk over both documents, every keyword judged by direction',
    available: () => true,
    compare: async (base, head) => compareDocuments(base, head),
  },
  {
    name: 'optic',
    about: '@useoptic/optic 1.0.9 `optic diff --json` + the previous classify.ts',
    available: opticAvailable,
    compare: async (base, head) => classify(base, head, await opticDiff(base, head)),
  },
  {
    name: 'api-smart-diff',
    about: 'api-smart-diff 1.0.6 `apiCompare`, its own levels (unclassified → warning)',
    available: () => installed('api-smart-diff'),
    compare: async (base, head) =>
      (await smartDiff()).apiCompare(base, head).diffs.map((diff: any) => ({
        severity: SMART_LEVELS[diff.type] ?? 'warning',
        operation: (diff.path ?? []).slice(0, 3).join(' '),
        description: diff.description ?? `${diff.action} ${(diff.path ?? []).join('/')}`,
      })),
  },
];
