// Request bodies at compile time, every case derived from the spec: the page's
// example compiles; dropping a required property or using a value outside an
// enum does not.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { checkBodyTypes } from '@huaweicloud-openapi/scripts/testing/body-types';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

it('accepts each body example and refuses a missing required property or a value outside an enum', async () => {
  const cases = await checkBodyTypes('live', packageDir);
  for (const item of cases) {
    if (item.compiles) expect(item.errors, `${item.name}:\n${item.source}`).toEqual([]);
    else expect(item.errors.length, `${item.name} must not compile:\n${item.source}`).toBeGreaterThan(0);
  }
  const failing = cases.filter((item) => !item.compiles);
  if (cases.length > 0) expect(failing.length, 'a body with a required property or an enum gives negative cases').toBeGreaterThan(0);
}, 120_000);
