import { describe, expect, it } from 'vitest';
import { InvalidInputError, knownRegions, resolveEndpoint, type ServerEntry } from '../src/index.js';

const servers: ServerEntry[] = [
  { url: 'https://mpc.{region}.myhuaweicloud.com', regions: ['cn-north-4', 'cn-east-3'] },
  { url: 'https://mts.{region}.myhuaweicloud.com', regions: ['cn-north-1'] },
];

describe('resolveEndpoint', () => {
  it('fills the region into the template of the server that lists it', () => {
    expect(resolveEndpoint('mpc', servers, { region: 'cn-east-3' })).toBe('https://mpc.cn-east-3.myhuaweicloud.com');
    expect(resolveEndpoint('mpc', servers, { region: 'cn-north-1' })).toBe('https://mts.cn-north-1.myhuaweicloud.com');
  });

  it('lets endpoint win over region, without a trailing slash and keeping a path prefix', () => {
    expect(resolveEndpoint('mpc', servers, { region: 'cn-east-3', endpoint: 'http://127.0.0.1:8080/' })).toBe(
      'http://127.0.0.1:8080',
    );
    expect(resolveEndpoint('mpc', servers, { endpoint: new URL('https://proxy.internal/hw/mpc//') })).toBe(
      'https://proxy.internal/hw/mpc',
    );
    expect(resolveEndpoint('mpc', servers, { region: 'nowhere-1', endpoint: 'https://x.example' })).toBe(
      'https://x.example',
    );
  });

  it('names the service, the known regions and the endpoint option for an unknown region', () => {
    const attempt = () => resolveEndpoint('mpc', servers, { region: 'cn-nort-4' });
    expect(attempt).toThrow(InvalidInputError);
    expect(attempt).toThrow(
      'Unknown region "cn-nort-4" for mpc; known: cn-north-4, cn-east-3, cn-north-1; or pass { endpoint } for another region or a private deployment.',
    );
  });

  it('asks for region or endpoint when neither is given', () => {
    expect(() => resolveEndpoint('mpc', servers, {})).toThrow(/needs \{ region \} \(known: cn-north-4, cn-east-3, cn-north-1\) or \{ endpoint/);
  });

  it.each(['not a url', 'ftp://host', 'https://host/?a=1', 'https://user:pw@host'])(
    'rejects the endpoint %j with the option named',
    (endpoint) => {
      try {
        resolveEndpoint('mpc', servers, { endpoint });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInputError);
        expect((error as InvalidInputError).input).toBe('options.endpoint');
        expect(String(error)).not.toContain('pw');
      }
    },
  );

  it('lists regions in spec order', () => {
    expect(knownRegions(servers)).toEqual(['cn-north-4', 'cn-east-3', 'cn-north-1']);
  });
});
