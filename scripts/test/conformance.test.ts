// Checks every registered spec against the facts transcribed from its seed
// pages (specs/<svc>/page-facts.json): parameters, status codes, body fields,
// examples, IAM actions and where each documented header went.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServices, repoRoot } from '../services.ts';
import { locate } from '../spec-source.ts';
import { bundleService } from '../spec.ts';
import { findOperation, resolveRef } from '../testing/spec-examples.ts';

interface PageFacts {
  /** The page read, or null when no stored copy of the operation's page was found (the entry then only accounts for it). */
  page: string | null;
  operationId: string;
  method: string;
  path: string;
  parameters: Array<{ name: string; in: string; type: string; required: boolean }>;
  headers: string[];
  iam: { action: string; accessLevel: string } | null;
  exampleRequest: string | null;
  responses: Record<string, { fields: Record<string, string>; example: unknown } | null>;
  /** Top-level body fields as the page types them, or null when the page has no request body. */
  requestBody: { fields: Record<string, { type: string; required: boolean }>; example: unknown } | null;
}

const services = await loadServices();
const facts = await Promise.all(
  services.map(async (service) => {
    const file = path.join(repoRoot, 'specs', service.name, 'page-facts.json');
    // `withoutPage` names operations no vendor page could be found for (each with the reason); their facts come from the SDKs.
    const { pages, withoutPage = [] } = JSON.parse(await readFile(file, 'utf8')) as {
      pages: PageFacts[];
      withoutPage?: Array<{ operationId: string; reason: string }>;
    };
    return { service, pages, withoutPage, spec: await bundleService(service) };
  }),
);

/** Where a page's header row lives in the spec: `<scheme>` or `<scheme>:<signed header>`. */
function headerHome(spec: any, header: string): string | undefined {
  const wire = header === 'X-Project_Id' ? 'X-Project-Id' : header; // the MPC page's typo
  for (const [name, raw] of Object.entries<any>(spec.components?.securitySchemes ?? {})) {
    const scheme = resolveRef(spec, raw);
    if (scheme.in === 'header' && scheme.name === wire) return name;
    if ((scheme['x-signed-headers'] ?? []).includes(wire)) return `${name}:${wire}`;
  }
  return undefined;
}

function propertiesOf(spec: any, schema: any): Record<string, any> {
  const resolved = resolveRef(spec, schema) ?? {};
  const branches = resolved.anyOf ?? resolved.oneOf ?? resolved.allOf;
  if (branches) return Object.assign({}, ...branches.map((branch: any) => propertiesOf(spec, branch)));
  return resolved.properties ?? {};
}

describe.each(facts)('$service.name spec against its seed pages', ({ service, pages, withoutPage, spec }) => {
  it('has one page-facts entry per operation in the spec (a page, or the reason there is none)', () => {
    const inSpec = Object.values<any>(spec.paths).flatMap((item) =>
      Object.values<any>(item).filter((operation) => operation?.operationId).map((operation) => operation.operationId),
    );
    expect(inSpec.sort()).toEqual([...pages, ...withoutPage].map((page) => page.operationId).sort());
    for (const entry of withoutPage) expect(entry.reason, entry.operationId).toBeTruthy();
  });

  // Each operation's tests are titled with the file, line and column that declare it, so a failure says where to edit.
  // An entry whose page is null says no stored copy was found: there are no page facts to check it against.
  const located = pages.filter((page) => page.page !== null).map((page) => {
    const found = Object.entries<any>(spec.paths).flatMap(([route, item]) =>
      Object.entries<any>(item).filter(([, operation]) => operation?.operationId === page.operationId).map(([method]) => locate(spec, ['paths', route, method])),
    );
    return { ...page, where: found[0] ?? service.specFile };
  });
  for (const page of located) describe(`${page.operationId} (${page.where})`, () => {
    const { method, path: specPath, operation, parameters } = findOperation(spec, page.operationId);

    it('sits at the page method and path', () => {
      expect(`${method} ${specPath}`).toBe(`${page.method} ${page.path}`);
    });

    it('has exactly the page parameters, with their location, type and required flag', () => {
      const actual = parameters
        .map((parameter) => ({
          name: parameter.name,
          in: parameter.in,
          type: resolveRef(spec, parameter.schema).type,
          required: parameter.required === true,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const expected = [...page.parameters].sort((a, b) => a.name.localeCompare(b.name));
      expect(actual).toEqual(expected);
      for (const parameter of parameters) expect(parameter.description, parameter.name).toBeTruthy();
    });

    it('moves every authentication header into a security scheme, and keeps real header parameters as parameters', () => {
      for (const header of page.headers) expect(headerHome(spec, header), header).toBeDefined();
      // A header parameter (x-language) is the page's to list under `parameters`, checked above; it may never be an authentication header.
      const authentication = parameters.filter((parameter) => parameter.in === 'header' && headerHome(spec, parameter.name) !== undefined);
      expect(authentication.map((parameter) => parameter.name), 'authentication headers belong to the security schemes').toEqual([]);
      const alternatives = (operation.security ?? spec.security).map((requirement: object) => Object.keys(requirement));
      expect(alternatives).toEqual([['iam_token'], ['aksk']]);
    });

    it('documents every page status with its body fields and types', () => {
      const responses = operation.responses;
      const explicit = Object.keys(responses).filter((code) => /^\d{3}$/.test(code));
      expect(explicit.sort()).toEqual(Object.keys(page.responses).sort());
      for (const [code, expected] of Object.entries(page.responses)) {
        const response = resolveRef(spec, responses[code]);
        if (expected === null) {
          expect(response.content, `${code} has no body`).toBeUndefined();
          continue;
        }
        const properties = propertiesOf(spec, response.content['application/json'].schema);
        for (const [field, type] of Object.entries(expected.fields)) {
          expect(resolveRef(spec, properties[field])?.type, `${code} ${field}`).toBe(type);
        }
      }
    });

    it('carries the page example bodies and example request', () => {
      for (const [code, expected] of Object.entries(page.responses)) {
        if (!expected?.example) continue;
        const media = resolveRef(spec, operation.responses[code]).content['application/json'];
        const values = Object.values<any>(media.examples).map((example) => resolveRef(spec, example).value);
        expect(values, `${code} example`).toContainEqual(expected.example);
      }
      if (page.exampleRequest) {
        const url = new URL(page.exampleRequest.split(' ')[1]!.replace(/\{endpoint\}/i, 'endpoint.invalid'));
        for (const [name, value] of url.searchParams) {
          const parameter = parameters.find((candidate) => candidate.name === name);
          expect(String(parameter?.example), `example of ${name}`).toBe(value);
        }
      }
    });

    it('has the page request body: every top-level field with its type and required flag, and the page example', () => {
      expect(page.requestBody, 'page-facts states the request body (null when the page has none)').not.toBeUndefined();
      if (page.requestBody === null) {
        expect(operation.requestBody).toBeUndefined();
        return;
      }
      const requestBody = resolveRef(spec, operation.requestBody);
      const media = requestBody.content['application/json'];
      const schema = resolveRef(spec, media.schema);
      const properties = propertiesOf(spec, schema);
      const required = new Set<string>(schema.required ?? []);
      for (const [field, expected] of Object.entries(page.requestBody.fields)) {
        expect(resolveRef(spec, properties[field])?.type, `body ${field} type`).toBe(expected.type);
        expect(required.has(field), `body ${field} required`).toBe(expected.required);
        expect(resolveRef(spec, properties[field])?.description, `body ${field} description`).toBeTruthy();
      }
      expect(Object.keys(properties).sort(), 'no body field the page does not list').toEqual(Object.keys(page.requestBody.fields).sort());
      if (page.requestBody.example !== null) {
        const values = media.example !== undefined ? [media.example] : Object.values<any>(media.examples ?? {}).map((example) => resolveRef(spec, example).value);
        expect(values, 'body example').toContainEqual(page.requestBody.example);
      }
    });

    it('records the IAM action and access level of the page', () => {
      const iam = operation['x-iam'];
      if (page.iam === null) {
        expect(iam.action).toBeNull();
        expect(iam.note).toMatch(/no identity-policy action/);
      } else {
        expect({ action: iam.action, accessLevel: iam.accessLevel }).toEqual(page.iam);
      }
    });
  });

  it('names the page each operation came from in info.x-provenance, not in the rendered description', () => {
    for (const page of pages) {
      if (page.page === null) continue;
      const title = page.page.split(' — ')[1]!.replace(/ \(.*\)$/, '');
      expect(spec.info['x-provenance'], page.operationId).toContain(title);
      expect(spec.info.description).not.toContain(`"${title}"`);
    }
    expect(spec.info.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
