// The rendered docs in a real browser (Debian's Chromium through playwright-core),
// served from 127.0.0.1: every operation shows its summary, method, path,
// parameters, response codes, IAM action, authentication and TypeScript sample;
// no page logs a console error or requests anything from another host.
//
// Cost follows pages, not operations: each page (the index, each service's page)
// is loaded once, and what it shows is read in a few page.evaluate passes and
// asserted in Node; a locator round-trip per check made every operation cost
// a page load and seconds of auto-waiting.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decorateSpec, type DocumentedOperation } from '../docs/decorate.ts';
import { operationAnchor } from '../docs/render-index.ts';
import { loadServices, repoRoot } from '../services.ts';
import { bundleService, resolveRef, type OpenApiDocument } from '../spec.ts';
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

/** A page that records console errors, every request's URL and how many times a document loaded. */
async function openPage(): Promise<{ page: Page; errors: string[]; requests: string[]; loads: () => number }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  const requests: string[] = [];
  let loads = 0;
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  page.on('request', (request) => requests.push(request.url()));
  // Redoc's in-page navigation (a new hash) fires no load: this counts real page loads.
  page.on('load', () => loads++);
  return { page, errors, requests, loads: () => loads };
}

function foreignRequests(requests: string[]): string[] {
  const own = new URL(server.url).host;
  return requests.filter((url) => /^(https?|wss?):/.test(url) && new URL(url).host !== own);
}

/** What a reader sees of one element: only what is visible counts. */
interface Shown {
  /** Texts of the visible headings (h1–h6, role=heading), whitespace collapsed. */
  headings: string[];
  /** Text of each visible element short enough to be a label (a name, a code, a path): exact matches. */
  labels: string[];
  /** The visible text, in document order, whitespace collapsed: substring matches. */
  text: string;
  /** Text of each visible `pre` and `code`. */
  code: string[];
  /** Visible links: their text and href attribute. */
  links: Array<{ text: string; href: string | null }>;
  /** The ids of the visible elements (Redoc gives sections ids such as `<route>/request/body`). */
  ids: string[];
}

/**
 * Runs in the page: for each CSS selector, what every element it matches shows.
 * Visible means what Playwright's auto-wait checks: no `display: none` (or
 * `content-visibility: hidden`) above it, not `visibility: hidden`, a non-empty box.
 * Offscreen is visible: Redoc's sections use `content-visibility: auto`, and
 * checkVisibility() without contentVisibilityAuto (like Playwright) counts them.
 */
function readShown(selectors: string[]): Array<Shown[]> {
  const LABEL_MAX = 200;
  const known = new Map<Element, boolean>();
  const isVisible = (element: Element): boolean => {
    let visible = known.get(element);
    if (visible === undefined) {
      const box = element.getBoundingClientRect();
      visible = element.checkVisibility({ visibilityProperty: true }) && box.width > 0 && box.height > 0;
      known.set(element, visible);
    }
    return visible;
  };
  const squash = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim();
  const read = (root: Element): Shown => {
    const shown: Shown = { headings: [], labels: [], text: '', code: [], links: [], ids: [] };
    for (const element of [root, ...root.querySelectorAll('*')]) {
      if (!isVisible(element)) continue;
      const text = squash(element.textContent);
      if (text.length > 0 && text.length <= LABEL_MAX) shown.labels.push(text);
      if (element.matches('h1, h2, h3, h4, h5, h6, [role="heading"]')) shown.headings.push(text);
      if (element.matches('pre, code')) shown.code.push(text);
      if (element.matches('a[href]')) shown.links.push({ text, href: element.getAttribute('href') });
      if (element.id) shown.ids.push(element.id);
    }
    // A text node shows when its element does (textContent-like concatenation, hidden parts left out).
    const texts: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement && isVisible(node.parentElement)) texts.push(node.textContent ?? '');
    }
    shown.text = squash(texts.join(''));
    shown.labels = [...new Set(shown.labels)];
    return shown;
  };
  return selectors.map((selector) => [...document.querySelectorAll(selector)].map(read));
}

/**
 * Runs in the page: mounts the sections of one tag's operations. Redoc renders
 * only the tag of the current route (its router, driven by the hash as a link
 * from the index drives it: no page load), and within it only sections scrolled
 * near (each waits as a 100 px placeholder marked data-section-id="<route>").
 * So: route to the tag's first operation, scroll each placeholder still left into
 * view (one scroll mounts every placeholder it brings near), routing to an
 * operation only if it has no placeholder; then let rendering settle.
 * What is still missing after timeoutMs fails its checks.
 */
async function mountTag({ routes, timeoutMs }: { routes: string[]; timeoutMs: number }): Promise<void> {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const mounted = (route: string) => document.getElementById(route.slice(1)) !== null;
  for (const route of routes) {
    // Again until mounted: sections mounting above can push the placeholder out of view before it is seen.
    for (const deadline = Date.now() + timeoutMs; !mounted(route) && Date.now() < deadline; await sleep(50)) {
      const placeholder = [...document.querySelectorAll('[data-section-id]')].find((element) => element.getAttribute('data-section-id') === route);
      if (placeholder) placeholder.scrollIntoView();
      // The page was loaded at the first route: setting the same hash again would change nothing.
      else if (location.hash !== `#${route}`) location.hash = route;
    }
  }
  // Settled: no DOM change for 200 ms (at most 5 s).
  await new Promise<void>((resolve) => {
    let quiet: ReturnType<typeof setTimeout>;
    const done = () => {
      observer.disconnect();
      clearTimeout(quiet);
      clearTimeout(cap);
      resolve();
    };
    const observer = new MutationObserver(() => {
      clearTimeout(quiet);
      quiet = setTimeout(done, 200);
    });
    const cap = setTimeout(done, 5_000);
    quiet = setTimeout(done, 200);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

describe('the docs index', () => {
  it('lists every service with package, install line, spec version and operations linking into its page', async () => {
    const { page, errors, requests } = await openPage();
    await page.goto(`${server.url}/`, { waitUntil: 'load' });
    const names = services.map(({ service }) => service.name);
    const shown = await page.evaluate(readShown, names.flatMap((name) => [`section#${name}`, `section#${name} tbody tr`]));
    await page.screenshot({ path: path.join(artifacts, 'index.png'), fullPage: true });
    for (const [index, { service, spec, operations }] of services.entries()) {
      const [section] = shown[2 * index]!;
      const rows = shown[2 * index + 1]!;
      const missing: string[] = [];
      if (!section) missing.push('its section');
      if (section && !section.headings.includes(String(spec.info.title))) missing.push(`the title heading "${spec.info.title}"`);
      if (section && !section.labels.includes(`npm install @huaweicloud-openapi/${service.name}`)) missing.push('the install line');
      if (section && !section.labels.includes(String(spec.info.version))) missing.push(`spec version ${spec.info.version}`);
      for (const operation of operations) {
        // One row per operation: its link, path, operationId and functions (several operations share a path).
        const row = rows.find((candidate) => candidate.labels.includes(operation.operationId));
        if (!row) {
          missing.push(`${operation.operationId}: its row`);
          continue;
        }
        const href = `${service.name}.html#${operationAnchor(operation.tag, operation.operationId)}`;
        if (!row.links.some((link) => link.text === operation.summary && link.href === href)) {
          missing.push(`${operation.operationId}: the link "${operation.summary}" to ${href}`);
        }
        if (!row.labels.includes(operation.path)) missing.push(`${operation.operationId}: path ${operation.path}`);
        for (const name of operation.functions) {
          if (!row.labels.includes(name)) missing.push(`${operation.operationId}: function ${name}`);
        }
      }
      expect(missing, `the index's ${service.name} section does not show`).toEqual([]);
    }
    const first = services[0]!;
    await page.getByRole('link', { name: first.operations[0]!.summary, exact: true }).first().click();
    const reached = page.getByRole('heading', { name: first.operations[0]!.summary }).first();
    await reached.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
    expect(await reached.isVisible(), `${first.service.name} ${first.operations[0]!.operationId}: the operation reached from the index is visible`).toBe(true);
    expect(errors).toEqual([]);
    expect(foreignRequests(requests)).toEqual([]);
    await page.close();
  }, 60_000);
});

/** Everything an operation's section must show, by the spec; each entry says what is missing when it fails. */
function missingFrom(shown: Shown | undefined, bodySection: string, service: string, spec: OpenApiDocument, operation: DocumentedOperation): string[] {
  if (!shown) return ['its section (Redoc did not render it)'];
  const missing: string[] = [];
  const label = (text: string, what: string) => {
    if (!shown.labels.includes(text)) missing.push(what);
  };
  if (!shown.headings.includes(operation.summary)) missing.push(`the summary heading "${operation.summary}"`);
  label(operation.method, `method ${operation.method}`);
  label(operation.path, `path ${operation.path}`);
  const { operation: node, parameters } = findOperation(spec, operation.operationId);
  for (const parameter of parameters) label(parameter.name, `parameter ${parameter.name}`);
  for (const code of Object.keys(node.responses)) label(code, `response ${code}`);
  const iam = node['x-iam'];
  if (!shown.text.includes(iam.action ?? 'not documented')) missing.push(`IAM action ${iam.action ?? '"not documented"'}`);
  if (!shown.text.includes('iam_token or aksk')) missing.push('authentication options "iam_token or aksk"');
  const body = resolveRef<any>(spec, node.requestBody)?.content?.['application/json']?.schema;
  if (body) {
    if (!shown.ids.includes(bodySection)) missing.push('the request body section');
    label('application/json', 'the request body media type application/json');
    for (const property of Object.keys(resolveRef<any>(spec, body).properties ?? {})) label(property, `body property ${property}`);
  }
  for (const name of operation.functions) {
    if (!shown.code.some((code) => code.includes(`${name}(`))) missing.push(`the TypeScript sample calling ${name}(`);
  }
  // The sample's first line, as rendered (whitespace collapsed): import { … } from '@huaweicloud-openapi/<service>';
  const importLine = operation.sample.split('\n')[0]!.replace(/\s+/g, ' ').trim();
  if (!importLine.includes(`'@huaweicloud-openapi/${service}'`) || !shown.code.some((code) => code.includes(importLine))) {
    missing.push(`the sample import ${importLine}`);
  }
  return missing;
}

describe.each(services)('the $service.name page', ({ service, spec, operations }) => {
  let opened: Awaited<ReturnType<typeof openPage>>;
  const shown = new Map<string, Shown>();

  // One load of the page, at its first operation (a hash set before Redoc has hydrated
  // can be missed); each tag's operations are then mounted and read in that page.
  beforeAll(async () => {
    const routes = operations.map((operation) => ({ operation, route: operationAnchor(operation.tag, operation.operationId) }));
    opened = await openPage();
    await opened.page.goto(`${server.url}/${service.name}.html#${routes[0]!.route}`, { waitUntil: 'load' });
    for (const tag of new Set(operations.map((operation) => operation.tag))) {
      const inTag = routes.filter(({ operation }) => operation.tag === tag);
      await opened.page.evaluate(mountTag, { routes: inTag.map(({ route }) => route), timeoutMs: 10_000 });
      const read = await opened.page.evaluate(readShown, inTag.map(({ route }) => `[id="${route.slice(1)}"]`));
      for (const [index, { operation }] of inTag.entries()) {
        const [section] = read[index]!;
        if (section) shown.set(operation.operationId, section);
      }
    }
    await opened.page.screenshot({ path: path.join(artifacts, `${service.name}.png`) });
  }, 120_000);

  afterAll(async () => {
    await opened?.page.close();
  });

  it('loads once, offline and without console errors', () => {
    expect(opened.loads(), `${service.name}.html loads`).toBe(1);
    expect(opened.errors, `${service.name}.html console errors`).toEqual([]);
    expect(foreignRequests(opened.requests), `${service.name}.html requests to other hosts`).toEqual([]);
    expect(opened.requests.length).toBeGreaterThan(0);
  });

  it.each(operations)('shows $operationId completely', (operation) => {
    const bodySection = `${operationAnchor(operation.tag, operation.operationId).slice(1)}/request/body`;
    const missing = missingFrom(shown.get(operation.operationId), bodySection, service.name, spec, operation);
    expect(missing, `${service.name} ${operation.operationId} does not show`).toEqual([]);
  });
});
