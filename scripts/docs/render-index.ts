// The docs site's index page: every service, its package and install line, its
// spec version, and each operation linking into the service's page. Plain HTML
// with inline styles: nothing is loaded from anywhere.
import { packageName } from '../generate/names.ts';
import type { OpenApiDocument } from '../spec.ts';
import type { DocumentedOperation } from './decorate.ts';

export interface IndexEntry {
  service: string;
  spec: OpenApiDocument;
  operations: DocumentedOperation[];
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Redoc's route for an operation: `/<tag in lowercase, dashes>/<operationId in lowercase>`. */
export function operationAnchor(tag: string, operationId: string): string {
  return `/${tag.trim().toLowerCase().replace(/\s+/g, '-')}/${operationId.toLowerCase()}`;
}

export function renderIndex(entries: IndexEntry[]): string {
  const sections = entries.map(({ service, spec, operations }) => {
    const rows = operations
      .map(
        (operation) =>
          `<tr><td><code class="method">${escape(operation.method)}</code></td><td><code>${escape(operation.path)}</code></td>` +
          `<td><a href="${escape(service)}.html#${escape(operationAnchor(operation.tag, operation.operationId))}">${escape(operation.summary)}</a></td>` +
          `<td><code>${escape(operation.operationId)}</code></td>` +
          `<td>${operation.functions.map((name) => `<code>${escape(name)}</code>`).join('<br>')}</td></tr>`,
      )
      .join('\n');
    return `<section id="${escape(service)}">
<h2><a href="${escape(service)}.html">${escape(String(spec.info?.title ?? service))}</a></h2>
<p>Package <code>${escape(packageName(service))}</code> · spec version <code>${escape(String(spec.info?.version ?? ''))}</code></p>
<pre>npm install ${escape(packageName(service))}</pre>
<table><thead><tr><th>method</th><th>path</th><th>summary</th><th>operationId</th><th>TypeScript</th></tr></thead><tbody>
${rows}
</tbody></table>
</section>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>huaweicloud-openapi — API docs</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #ddd; }
pre { background: #f4f4f4; padding: .5rem; }
code.method { font-weight: bold; }
</style>
</head>
<body>
<h1>huaweicloud-openapi — API docs</h1>
<p>Hand-written OpenAPI 3.1 contracts for Huawei Cloud services and the typed TypeScript clients generated from them.</p>
${sections.join('\n')}
</body>
</html>
`;
}
