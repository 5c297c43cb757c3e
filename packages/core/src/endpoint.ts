import { InvalidInputError } from './errors.js';

/**
 * One entry of a service's `servers` list in its spec: a URL template with a
 * `{region}` variable and the regions that template serves. Generated clients
 * carry their spec's list, so there is no second hand-kept endpoint table.
 */
export interface ServerEntry {
  readonly url: string;
  readonly regions: readonly string[];
}

export interface EndpointOptions {
  /** Region of the project, e.g. `cn-north-4`; picks the host from the spec's servers. */
  region?: string | undefined;
  /** Full base URL (scheme, host, optional path prefix). Wins over `region`. */
  endpoint?: string | URL | undefined;
}

/** Every region the servers list knows, in spec order. */
export function knownRegions(servers: readonly ServerEntry[]): string[] {
  return servers.flatMap((server) => server.regions);
}

/**
 * The base URL for a service: `endpoint` when given, else the host of the
 * server whose regions include `region`.
 *
 * @example resolveEndpoint('mpc', mpcServers, { region: 'cn-north-1' }) // 'https://mts.cn-north-1.myhuaweicloud.com'
 */
export function resolveEndpoint(service: string, servers: readonly ServerEntry[], options: EndpointOptions): string {
  const { endpoint, region } = options;
  if (endpoint !== undefined) return normaliseEndpoint(endpoint);

  const regions = knownRegions(servers).join(', ');
  if (region === undefined || region === '') {
    throw new InvalidInputError(
      'options.region',
      `The ${service} client needs { region } (known: ${regions}) or { endpoint: 'https://…' }.`,
    );
  }
  if (typeof region !== 'string') {
    throw new InvalidInputError('options.region', `options.region must be a string such as "${servers[0]?.regions[0] ?? 'cn-north-4'}".`);
  }
  const server = servers.find((candidate) => candidate.regions.includes(region));
  if (!server) {
    throw new InvalidInputError(
      'options.region',
      `Unknown region "${region}" for ${service}; known: ${regions}; or pass { endpoint } for another region or a private deployment.`,
    );
  }
  return server.url.replace('{region}', region);
}

function normaliseEndpoint(endpoint: string | URL): string {
  let url: URL;
  try {
    url = new URL(String(endpoint));
  } catch {
    throw new InvalidInputError(
      'options.endpoint',
      `options.endpoint must be an absolute URL such as "https://live.cn-north-4.myhuaweicloud.com"; got ${JSON.stringify(String(endpoint))}.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInputError('options.endpoint', `options.endpoint must use http or https; got "${url.protocol}".`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new InvalidInputError(
      'options.endpoint',
      'options.endpoint must be a base URL without query, fragment or user info; pass those per request instead.',
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
