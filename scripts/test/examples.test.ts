// Every example in every spec is valid against the schema it illustrates:
// parameter examples, request body examples and response body examples. The
// wire tests replay these examples, so a wrong one would teach a wrong call.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { loadServices } from '../services.ts';
import { bundleService, resolveRef } from '../spec.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

interface Example {
  where: string;
  pointer: string;
  value: unknown;
}

function examplesOf(document: any): Example[] {
  const found: Example[] = [];
  const media = (content: any, base: string, where: string) => {
    for (const [type, entry] of Object.entries<any>(content ?? {})) {
      if (!type.includes('json') || !entry.schema) continue;
      const pointer = `${base}/content/${escape(type)}/schema`;
      if (entry.example !== undefined) found.push({ where, pointer, value: entry.example });
      for (const [name, example] of Object.entries<any>(entry.examples ?? {})) {
        found.push({ where: `${where} example ${name}`, pointer, value: resolveRef<any>(document, example).value });
      }
    }
  };
  for (const [path, item] of Object.entries<any>(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const base = `/paths/${escape(path)}/${method}`;
      const id = operation.operationId;
      (operation.parameters ?? []).forEach((raw: any, index: number) => {
        const parameter = resolveRef<any>(document, raw);
        const at = typeof raw.$ref === 'string' ? raw.$ref.slice(1) : `${base}/parameters/${index}`;
        if (parameter.example !== undefined) found.push({ where: `${id} parameter ${parameter.name}`, pointer: `${at}/schema`, value: parameter.example });
      });
      if (operation.requestBody) {
        const at = typeof operation.requestBody.$ref === 'string' ? operation.requestBody.$ref.slice(1) : `${base}/requestBody`;
        media(resolveRef<any>(document, operation.requestBody).content, at, `${id} request body`);
      }
      for (const [status, raw] of Object.entries<any>(operation.responses ?? {})) {
        const at = typeof raw.$ref === 'string' ? raw.$ref.slice(1) : `${base}/responses/${escape(status)}`;
        media(resolveRef<any>(document, raw).content, at, `${id} ${status} response`);
      }
    }
  }
  return found;
}

const services = await loadServices();
const specs = await Promise.all(services.map(async (service) => ({ service: service.name, document: await bundleService(service) })));

describe.each(specs)('$service: examples match their schemas', ({ document }) => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (value: number) => Number.isInteger(value) && Math.abs(value) < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isInteger(value) });
  ajv.addSchema({ ...document, $id: 'https://spec.invalid/openapi' });
  const examples = examplesOf(document);

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples)('$where', ({ pointer, value }) => {
    const validate = ajv.compile({ $ref: `https://spec.invalid/openapi#${pointer}` });
    const valid = validate(value);
    expect(valid ? [] : validate.errors?.map((error) => `${error.instancePath || '(root)'} ${error.message}`)).toEqual([]);
  });
});
