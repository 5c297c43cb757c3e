// Reads operations, parameters and examples out of a service's bundled spec,
// so wire tests replay exactly what the contract documents.
import { findService } from '../services.ts';
import { bundleService, resolveRef, type OpenApiDocument } from '../spec.ts';

export { resolveRef };

const bundles = new Map<string, Promise<OpenApiDocument>>();

/** The bundled spec of a registered service (memoised per test file). */
export function loadSpec(service: string): Promise<OpenApiDocument> {
  let bundle = bundles.get(service);
  if (!bundle) {
    bundle = findService(service).then((found) => bundleService(found));
    bundles.set(service, bundle);
  }
  return bundle;
}

export interface SpecOperation {
  method: string;
  path: string;
  operation: any;
  parameters: any[];
}

export function findOperation(document: OpenApiDocument, operationId: string): SpecOperation {
  for (const [path, item] of Object.entries<any>(document.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']) {
      const operation = item[method];
      if (operation?.operationId !== operationId) continue;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) =>
        resolveRef(document, parameter),
      );
      return { method: method.toUpperCase(), path, operation, parameters };
    }
  }
  throw new Error(`No operation ${operationId} in the spec.`);
}

/** Documented status codes of an operation, as written in the spec (`'200'`, `'4XX'`). */
export function statusCodes(document: OpenApiDocument, operationId: string): string[] {
  return Object.keys(findOperation(document, operationId).operation.responses ?? {});
}

/** The first example body documented for a status, or undefined when the response has no body. */
export function responseExample(document: OpenApiDocument, operationId: string, status: string): unknown {
  const response = resolveRef(document, findOperation(document, operationId).operation.responses?.[status]);
  const media = response?.content?.['application/json'];
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const first = Object.values<any>(media.examples ?? {})[0];
  return resolveRef(document, first)?.value;
}

/** The `example` of each parameter an operation documents, by name. */
export function parameterExamples(document: OpenApiDocument, operationId: string): Record<string, unknown> {
  const examples: Record<string, unknown> = {};
  for (const parameter of findOperation(document, operationId).parameters) {
    examples[parameter.name] = parameter.example ?? parameter.schema?.example;
  }
  return examples;
}
