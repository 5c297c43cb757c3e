// Servers compared by the concrete base URLs a client can reach: each server's
// URL with every value of its enumerated variables. A URL that goes breaks the
// clients configured with it (for a `region` variable: the clients created for
// that region); a new one breaks nothing; a new default is a warning.
import { isObject, type Json } from './documents.ts';
import type { Finding } from './schema.ts';

interface Concrete {
  url: string;
  region?: string;
}

const LIMIT = 500;

function expand(server: Record<string, any>): Concrete[] {
  const url = String(server.url ?? '');
  const variables: Record<string, any> = isObject(server.variables) ? server.variables : {};
  let out: Array<{ url: string; region?: string }> = [{ url }];
  for (const [name, variable] of Object.entries(variables)) {
    const values: string[] = Array.isArray(variable?.enum) && variable.enum.length > 0 ? variable.enum.map(String) : [`{${name}}`];
    if (out.length * values.length > LIMIT) break;
    out = out.flatMap((partial) =>
      values.map((value) => ({ url: partial.url.split(`{${name}}`).join(value), region: name === 'region' && Array.isArray(variable?.enum) ? value : partial.region })),
    );
  }
  return out;
}

function defaultUrl(server: Record<string, any>): string {
  let url = String(server.url ?? '');
  for (const [name, variable] of Object.entries<any>(isObject(server.variables) ? server.variables : {})) {
    url = url.split(`{${name}}`).join(String(variable?.default ?? `{${name}}`));
  }
  return url;
}

/** The servers as listed; none listed means `/` (the OpenAPI default). */
function list(servers: Json): Array<Record<string, any>> {
  const found = Array.isArray(servers) ? servers.filter(isObject) : [];
  return found.length > 0 ? found : [{ url: '/' }];
}

export function compareServers(before: Json, after: Json): Finding[] {
  const [sa, sb] = [list(before), list(after)];
  const [ca, cb] = [sa.flatMap(expand), sb.flatMap(expand)];
  const urlsB = new Set(cb.map((concrete) => concrete.url));
  const urlsA = new Set(ca.map((concrete) => concrete.url));
  const regionsA = new Set(ca.flatMap((concrete) => (concrete.region ? [concrete.region] : [])));
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const concrete of ca) {
    if (urlsB.has(concrete.url) || seen.has(concrete.url)) continue;
    seen.add(concrete.url);
    const moved = concrete.region ? cb.find((other) => other.region === concrete.region) : undefined;
    if (moved) out.push({ severity: 'breaking', description: `region '${concrete.region}' moved from ${concrete.url} to ${moved.url}` });
    else if (concrete.region) out.push({ severity: 'breaking', description: `region '${concrete.region}' removed (clients created with it now fail)` });
    else out.push({ severity: 'breaking', description: `server ${concrete.url} removed` });
  }
  for (const concrete of cb) {
    if (urlsA.has(concrete.url) || seen.has(concrete.url)) continue;
    seen.add(concrete.url);
    if (concrete.region && regionsA.has(concrete.region)) continue; // reported as moved
    out.push({ severity: 'non-breaking', description: concrete.region ? `new region '${concrete.region}'` : `new server ${concrete.url}` });
  }
  const [da, db] = [defaultUrl(sa[0]!), defaultUrl(sb[0]!)];
  if (da !== db && urlsB.has(da)) out.push({ severity: 'warning', description: `default server ${da} → ${db}: clients that rely on the default now reach another host` });
  return out;
}
