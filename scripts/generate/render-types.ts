// Compiles a bundled spec to TypeScript declarations with openapi-typescript.
import { createRequire } from 'node:module';
import openapiTS, { astToString } from 'openapi-typescript';
import type { OpenApiDocument } from '../spec.ts';
import { generatedHeader } from './names.ts';

const require = createRequire(import.meta.url);
const { version } = require('openapi-typescript/package.json') as { version: string };

/** Identifies the type generator in generated headers; bumping it regenerates every schema. */
export const typesGenerator = `openapi-typescript ${version}`;

export async function renderTypes(document: OpenApiDocument, specFile: string): Promise<string> {
  // openapi-typescript may mutate its input; give it a copy.
  // defaultNonNullable off: a property with a `default` is still optional to send (the service fills it in).
  const ast = await openapiTS(structuredClone(document) as any, { silent: true, alphabetize: false, defaultNonNullable: false });
  return `${generatedHeader(specFile, typesGenerator)}\n${astToString(ast)}`;
}
