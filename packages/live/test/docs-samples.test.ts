import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { typecheckDocsSamples } from '@huaweicloud-openapi/scripts/testing/docs-samples';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const service = path.basename(packageDir);

it('type-checks every docs sample against the built package, under strict', async () => {
  const checks = await typecheckDocsSamples(service, packageDir);
  expect(checks.length).toBeGreaterThan(0);
  for (const check of checks) {
    expect(check.errors, `${check.operationId}:\n${check.sample}`).toEqual([]);
    expect(check.sample).toContain(`from '@huaweicloud-openapi/${service}'`);
  }
}, 120_000); // a full tsc program per sample: seconds on a slow CI machine, never a timing assertion
