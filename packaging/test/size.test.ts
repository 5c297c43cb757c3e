// Size budgets and tree-shaking, on browser bundles (minified by esbuild, gzipped
// by zlib): every operation of every package bundled alone (bare client + the
// operation + normalizeError) within the one-operation budget and free of the
// package's other operations and of openapi-fetch's runtime; the whole client within its own budget.
// Each package's apps are bundled in one esbuild run (measurePackage), so a new
// operation adds an entry point to that run, not a run of its own.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadServices } from '@huaweicloud-openapi/scripts/services';
import {
  CLIENT_BUDGET_GZIP,
  type Callable,
  marksIn,
  marksOf,
  measureBare,
  measureClient,
  measurePackage,
  overBudget,
  packageSurface,
  type PackageSizes,
  SMALLEST_BUDGET_GZIP,
  strayOperations,
  wholeClientBudget,
} from '../size.ts';

const surfaces = await Promise.all((await loadServices()).map(packageSurface));

describe.each(surfaces.map((surface) => [surface.service, surface] as const))('@huaweicloud-openapi/%s', (service, surface) => {
  let sizes: PackageSizes | undefined;
  beforeAll(async () => {
    if (surface.callables.length > 0) sizes = await measurePackage(surface);
  });

  it('has operations to measure', () => {
    expect(surface.callables.length).toBeGreaterThan(0);
  });

  it.each(surface.callables.map((callable) => [callable.fn, callable] as const))(
    '%s alone: within the one-operation budget, without the other operations, no Node code',
    (_fn, callable) => {
      const { size } = sizes!.operations.find((operation) => operation.callable === callable)!;
      // openapi-fetch's runtime is the full client's `raw` only: an operation function sends through core.
      expect(Object.keys(size.byPackage).sort()).toEqual(['@huaweicloud-openapi/core', `@huaweicloud-openapi/${service}`]);
      expect(size.code).not.toMatch(/\bfrom\s*["']node:|\brequire\(/);
      // What the app does not use stays out: the AK/SK signer's clock (a token app), the body step (no body).
      expect(size.code).not.toContain('APIG.0303');
      expect(size.code.includes('); leave it out.')).toBe(callable.body);
      expect(size.gzip).toBeGreaterThan(1024);
      expect(overBudget([size], CLIENT_BUDGET_GZIP)).toEqual([]);
      // The operation itself is there (so the check below is not vacuous) …
      const own = marksOf(callable);
      expect(size.code).toMatch(own.name);
      expect(size.code).toMatch(own.request);
      // … and no other operation's name or request is.
      expect(strayOperations(surface, callable, size.code)).toEqual([]);
    },
  );

  it('the smallest one-operation app, the path every app ships, stays within its budget', () => {
    expect(overBudget([sizes!.smallest.size], SMALLEST_BUDGET_GZIP)).toEqual([]);
    expect(sizes!.smallest.size.gzip).toBeLessThanOrEqual(SMALLEST_BUDGET_GZIP);
    // With akskSigner imported, the signer's skew-corrected clock comes along (the check above is not vacuous).
    expect(sizes!.signed.code).toContain('APIG.0303');
  });

  it('the whole client holds every operation, within its budget', () => {
    const size = sizes!.whole;
    const { strings } = marksIn(size.code);
    expect(surface.callables.filter((callable) => !strings.has(callable.name)).map((callable) => callable.fn)).toEqual([]);
    expect(overBudget([size], wholeClientBudget(sizes!.operations.length))).toEqual([]);
    expect(size.gzip).toBeLessThanOrEqual(wholeClientBudget(sizes!.operations.length));
  });
});

const withTwo = surfaces.find((surface) => surface.callables.length >= 2);

it.skipIf(!withTwo)('names an operation a one-operation bundle should not contain', async () => {
  const [kept, other] = withTwo!.callables as [Callable, Callable];
  const both = await measureBare(withTwo!.service, [kept.fn, other.fn]);
  expect(strayOperations(withTwo!, kept, both.code)).toEqual([expect.stringContaining(other.fn)]);
});

it('names the bundle, its size and what it is made of when over budget', async () => {
  const size = await measureClient('live');
  const [message] = overBudget([size], 1000);
  expect(message).toMatch(/^@huaweicloud-openapi\/live is \d+ bytes gzip, over its 1000-byte budget \(minified bytes by package: .*"openapi-fetch":\d+/);
});
