// The rendered docs in a real browser (Debian's Chromium through playwright-core),
// served from 127.0.0.1: every operation shows its summary, method, path,
// parameters, response codes, IAM action, authentication and TypeScript sample;
// no page logs a console error or requests anything from another host.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decorateSpec } from '../docs/decorate.ts';
import { operationAnchor } from '../docs/render-index.ts';
import { loadServices, repoRoot } from '../services.ts';
import { bundleService, resolveRef } from '../spec.ts';
import { serveFolder, type StaticServer } from '../testing/static-server.ts';
import { findOperation } from '../testing/spec-examples.ts';

const CHROMIUM = '/usr/bin/chromium';
const artifacts = path.join(repoRoot, 'artifacts', 'docs');
const services = await Promise.all(
  (await loadServices()).map(async (service) => {
    const spec = await bundleService(service);
    return { service, spec, operations: decorateSpec(service.name, spec, service.specFile).operations };
  }),
);

let site: string;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`).toBe(true);
  site = await mkdtemp(path.join(tmpdir(), 'hcopenapi-site-'));
  const build = spawnSync(
    path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
    [path.join(repoRoot, 'scripts', 'docs.ts'), '--out', site, '--index', ...services.map(({ service }) => service.name)],
    { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off' } },
  );
  expect(build.status, build.stderr).toBe(0);
  await mkdir(artifacts, { recursive: true });
  server = await serveFolder(site);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (site) await rm(site, { recursive: true, force: true });
});

/** A page that records console errors and every request's URL. */
async function openPage(): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  page.on('request', (request) => requests.push(request.url()));
  return { page, errors, requests };
}

/** Waits (Playwright's auto-wait, no fixed sleep) for the locator to be visible, then asserts it. */
async function expectVisible(locator: Locator, what: string): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
  expect(await locator.isVisible(), `${what} is visible`).toBe(true);
}

function foreignRequests(requests: string[]): string[] {
  const own = new URL(server.url).host;
  return requests.filter((url) => /^(https?|wss?):/.test(url) && new URL(url).host !== own);
}

describe('the docs index', () => {
  it('lists every service with package, install line, spec version and operations linking into its page', async () => {
    const { page, errors, requests } = await openPage();
    await page.goto(`${server.url}/`, { waitUntil: 'load' });
    for (const { service, spec, operations } of services) {
      const section = page.locator(`section#${service.name}`);
      await expectVisible(section.getByRole('heading', { name: String(spec.info.title) }), 'service title');
      await expectVisible(section.getByText(`npm install @huaweicloud-openapi/${service.name}`), 'install line');
      await expectVisible(section.getByText(String(spec.info.version), { exact: true }), 'spec version');
      for (const operation of operations) {
        // One row per operation: its link, path, operationId and functions (several operations share a path).
        const row = section.locator('tr', { has: page.getByText(operation.operationId, { exact: true }) });
        const link = row.getByRole('link', { name: operation.summary });
        await expectVisible(link, 'link');
        expect(await link.getAttribute('href')).toBe(`${service.name}.html#${operationAnchor(operation.tag, operation.operationId)}`);
        await expectVisible(row.getByText(operation.path, { exact: true }), operation.path);
        for (const name of operation.functions) {
          await expectVisible(row.getByText(name, { exact: true }), `function ${name}`);
        }
      }
    }
    await page.screenshot({ path: path.join(artifacts, 'index.png'), fullPage: true });
    const first = services[0]!;
    await page.getByRole('link', { name: first.operations[0]!.summary, exact: true }).first().click();
    await expectVisible(page.getByRole('heading', { name: first.operations[0]!.summary }).first(), 'the operation reached from the index');
    expect(errors).toEqual([]);
    expect(foreignRequests(requests)).toEqual([]);
    await page.close();
  }, 60_000);
});

describe.each(services)('the $service.name page', ({ service, spec, operations }) => {
  it.each(operations)('shows $operationId completely, offline and without console errors', async (operation) => {
    const { page, errors, requests } = await openPage();
    await page.goto(`${server.url}/${service.name}.html#${operationAnchor(operation.tag, operation.operationId)}`, { waitUntil: 'load' });
    // The operation's own section (Redoc gives it the route as id): pages now hold several operations per path.
    const main = page.locator(`[id="${operationAnchor(operation.tag, operation.operationId).slice(1)}"]`);
    await expectVisible(main.getByRole('heading', { name: operation.summary }).first(), 'summary heading');
    await expectVisible(main.getByText(operation.method, { exact: true }).first(), 'method');
    await expectVisible(main.getByText(operation.path, { exact: true }).first(), 'path');

    const { operation: node, parameters } = findOperation(spec, operation.operationId);
    for (const parameter of parameters) {
      await expectVisible(main.getByText(parameter.name, { exact: true }).first(), parameter.name);
    }
    for (const code of Object.keys(node.responses)) {
      await expectVisible(main.getByText(code, { exact: true }).first(), `response ${code}`);
    }
    const iam = node['x-iam'];
    await expectVisible(main.getByText(iam.action ?? 'not documented', { exact: false }).first(), 'IAM action');
    await expectVisible(main.getByText('iam_token or aksk'), 'authentication options');
    const body = resolveRef<any>(spec, node.requestBody)?.content?.['application/json']?.schema;
    if (body) {
      await expectVisible(page.locator(`[id="${operationAnchor(operation.tag, operation.operationId).slice(1)}/request/body"]`), 'the request body section');
      await expectVisible(main.getByText('application/json', { exact: true }).first(), 'the request body media type');
      for (const property of Object.keys(resolveRef<any>(spec, body).properties ?? {})) {
        await expectVisible(main.getByText(property, { exact: true }).first(), `body property ${property}`);
      }
    }
    for (const name of operation.functions) {
      await expectVisible(main.locator('pre, code').filter({ hasText: `${name}(` }).first(), `the TypeScript sample calling ${name}`);
    }
    await expectVisible(main.locator('pre, code').filter({ hasText: `@huaweicloud-openapi/${service.name}` }).first(), 'the sample import');

    await page.screenshot({ path: path.join(artifacts, `${service.name}-${operation.operationId}.png`) });
    expect(errors).toEqual([]);
    expect(foreignRequests(requests)).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    await page.close();
  }, 60_000);
});
