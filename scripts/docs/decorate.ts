// Adds what readers need on each operation's docs page to a bundled spec:
// the TypeScript sample and a short "Permissions and authentication" block.
import { resolveRef, type OpenApiDocument } from '../spec.ts';
import { listOperations, listServers } from '../generate/operations.ts';
import { findOperation } from '../testing/spec-examples.ts';
import { functionsOf, renderSample } from './samples.ts';

export interface DocumentedOperation {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  tag: string;
  /** The package's functions for it: methods (one per `x-client-methods` entry), paginator, waiter. */
  functions: string[];
  /** The TypeScript sample as the docs show it: a call per request body example. */
  sample: string;
}

function authBlock(operation: { iamAction: string | null; iamAccessLevel: string | null }, note: string | undefined): string {
  const iam = operation.iamAction
    ? `**Required IAM action:** \`${operation.iamAction}\`${operation.iamAccessLevel ? ` (access level: ${operation.iamAccessLevel})` : ''}`
    : `**Required IAM action:** not documented — ${note ?? 'the vendor page lists none'}`;
  return [
    iam,
    '',
    '**Authentication** (either):',
    '- IAM token in `X-Auth-Token` — `credentials: { token }`',
    '- AK/SK signature `SDK-HMAC-SHA256` (`Authorization`, `X-Sdk-Date`, `X-Project-Id`) — `credentials: { accessKey, secretKey }`; the client signs every request',
  ].join('\n');
}

/** A copy of the bundled spec with samples and permission blocks; the operations it documents. */
export function decorateSpec(service: string, bundled: OpenApiDocument, specFile: string) {
  const document = structuredClone(bundled);
  const servers = listServers(bundled, specFile);
  const documented: DocumentedOperation[] = [];
  // The model is read from the bundle itself, so that its errors can name the file and line.
  for (const operation of listOperations(bundled, specFile)) {
    const found = findOperation(document, operation.operationId);
    const examples: Record<string, unknown> = {};
    for (const parameter of operation.parameters) examples[parameter.name] = parameter.example ?? resolveRef<any>(bundled, parameter.schema)?.example;
    // One sample, with a block per further request body example: choosing another example in the
    // docs shows its JSON payload, and the sample shows its call (Redoc matches samples to one
    // configured language by label, so the variants share the one TypeScript sample).
    const first = renderSample(service, operation, servers, examples);
    const variants = (operation.body?.examples ?? []).slice(1).map((example) => {
      const lines = renderSample(service, operation, servers, examples, example).split('\n');
      // Drop the imports and the client, which the first part already has: the calls start after the client's blank line.
      const start = lines.findIndex((line, index) => index > 0 && line === '' && lines[index - 1]!.includes('Client('));
      const calls = lines.slice(start + 1).join('\n').trimEnd();
      return `// Example "${example.summary || example.name}":\n{\n${calls.split('\n').map((line) => (line ? `  ${line}` : line)).join('\n')}\n}`;
    });
    const sample = [first.trimEnd(), ...variants].join('\n\n') + '\n';
    const node = found.operation;
    // Redoc matches a sample to a configured language by its label (scripts/docs.ts lists TypeScript).
    node['x-codeSamples'] = [{ lang: 'TypeScript', label: 'TypeScript', source: sample }];
    node.description = `${authBlock(operation, node['x-iam']?.note)}\n\n${node.description ?? ''}`.trimEnd();
    documented.push({
      operationId: operation.operationId,
      method: operation.method,
      path: operation.path,
      summary: operation.summary,
      tag: String(node.tags?.[0] ?? ''),
      functions: functionsOf(operation),
      sample,
    });
  }
  return { document, operations: documented };
}
