// Size budget: each service client as a browser bundle (service + core +
// openapi-fetch), minified and gzipped by esbuild and zlib.
import { describe, expect, it } from 'vitest';
import { loadServices } from '@huaweicloud-openapi/scripts/services';
import { CLIENT_BUDGET_GZIP, measureClient, overBudget } from '../size.ts';

const services = (await loadServices()).map((service) => service.name);

describe.each(services)('@huaweicloud-openapi/%s', (service) => {
  it('bundles for the browser within its gzip budget, with no Node code', async () => {
    const size = await measureClient(service);
    expect(Object.keys(size.byPackage)).toEqual(expect.arrayContaining(['openapi-fetch', '@huaweicloud-openapi/core', `@huaweicloud-openapi/${service}`]));
    expect(size.gzip).toBeGreaterThan(1024);
    expect(overBudget([size])).toEqual([]);
    expect(size.gzip).toBeLessThanOrEqual(CLIENT_BUDGET_GZIP);
  });
});

it('names the bundle, its size and what it is made of when over budget', async () => {
  const size = await measureClient('live');
  const [message] = overBudget([size], 1000);
  expect(message).toMatch(/^@huaweicloud-openapi\/live is \d+ bytes gzip, over its 1000-byte budget \(minified bytes by package: .*"openapi-fetch":\d+/);
});
