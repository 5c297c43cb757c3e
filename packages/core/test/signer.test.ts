import { describe, expect, it } from 'vitest';
import { canonicalQueryString, canonicalUri, encodeCanonical } from '../src/signer.js';
import { formatSdkDate, InvalidInputError, signRequest } from '../src/index.js';

function signatureOf(request: Request): string {
  return /Signature=([0-9a-f]{64})$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
}

describe('signRequest test vectors', () => {
  it("reproduces vector 1 from Huawei's signing guide", async () => {
    const request = new Request(
      'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
      { method: 'GET', headers: { 'Content-Type': 'application/json' } },
    );
    await signRequest(request, { accessKey: 'AK', secretKey: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' }, {
      date: new Date(Date.UTC(2019, 10, 15, 3, 36, 55)),
    });
    expect(request.headers.get('x-sdk-date')).toBe('20191115T033655Z');
    expect(request.headers.get('authorization')).toBe(
      'SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
    );
  });

  it('reproduces vector 2 from the official Node SDK signer', async () => {
    const request = new Request('https://live.cn-north-4.myhuaweicloud.com/v1/p1/pull/stream/task?task_id=t1&region=cn-north-4', {
      method: 'DELETE',
    });
    await signRequest(request, { accessKey: 'AK', secretKey: 'SK' }, { date: new Date(Date.UTC(2026, 0, 1)) });
    expect(request.headers.get('authorization')).toBe(
      'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=5f5e035fdebd564278187d2dcce6ce551ef26bc19c75bcf2bb78da174039cce4',
    );
  });
});

describe('canonical forms', () => {
  it('gives raw and percent-encoded path segments the same canonical form, ending in /', () => {
    expect(canonicalUri('/v1/a b/c')).toBe('/v1/a%20b/c/');
    expect(canonicalUri('/v1/a%20b/c')).toBe('/v1/a%20b/c/');
    expect(canonicalUri('/v1/a%2Fb/')).toBe('/v1/a%2Fb/');
    expect(canonicalUri('/v1/%C3%BC/x!*()~')).toBe('/v1/%C3%BC/x%21%2A%28%29~/');
    expect(canonicalUri('/')).toBe('/');
    expect(canonicalUri('/v1/100%/x')).toBe('/v1/100%25/x/');
  });

  it('sorts the query by name then value, keeps name= for empty values and uses %20 for spaces', () => {
    expect(canonicalQueryString('?b=2&a=z&a=y&empty=&flag&sp=a+b%20c')).toBe('a=y&a=z&b=2&empty=&flag=&sp=a%2Bb%20c');
    expect(canonicalQueryString('')).toBe('');
    expect(canonicalQueryString('?name=%E4%B8%AD')).toBe('name=%E4%B8%AD');
  });

  it('escapes exactly what the guide says: all but A-Z a-z 0-9 - _ . ~', () => {
    expect(encodeCanonical("AZaz09-_.~!*'() /?#[]@$&+,;=%")).toBe(
      'AZaz09-_.~%21%2A%27%28%29%20%2F%3F%23%5B%5D%40%24%26%2B%2C%3B%3D%25',
    );
    expect(() => encodeCanonical('\ud800')).toThrow(InvalidInputError);
  });

  it('formats X-Sdk-Date as YYYYMMDDTHHMMSSZ in UTC', () => {
    expect(formatSdkDate(new Date(Date.UTC(2026, 11, 31, 23, 59, 58, 999)))).toBe('20261231T235958Z');
  });
});

describe('signRequest behaviour', () => {
  const keys = { accessKey: 'AK', secretKey: 'SK' };
  const date = new Date(Date.UTC(2026, 0, 1));

  it('signs x-project-id and x-security-token when present, but not user-agent', async () => {
    const request = new Request('https://h.example/v1/p/x', {
      method: 'DELETE',
      headers: { 'X-Project-Id': 'p', 'User-Agent': 'test' },
    });
    await signRequest(request, { ...keys, securityToken: 'temporary' }, { date });
    expect(request.headers.get('x-security-token')).toBe('temporary');
    expect(request.headers.get('authorization')).toContain('SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,');
  });

  it('hashes the exact body bytes and leaves the body readable', async () => {
    const signWith = async (body: string) => {
      const request = new Request('https://h.example/v1/p/x', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      await signRequest(request, keys, { date });
      expect(await request.text()).toBe(body);
      return signatureOf(request);
    };
    expect(await signWith('{"a":1}')).not.toBe(await signWith('{"a": 1}'));
  });

  it('uses UNSIGNED-PAYLOAD instead of the body hash when the request asks for it', async () => {
    const make = (body: string) =>
      new Request('https://h.example/v1/p/x', { method: 'PUT', body, headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } });
    const first = await signRequest(make('one'), keys, { date });
    const second = await signRequest(make('two'), keys, { date });
    expect(signatureOf(first)).toBe(signatureOf(second));
    expect(first.headers.get('authorization')).toContain('x-sdk-content-sha256');
  });

  it('re-signing replaces the date and the signature', async () => {
    const request = new Request('https://h.example/v1/p/x', { method: 'DELETE' });
    await signRequest(request, keys, { date });
    const first = signatureOf(request);
    await signRequest(request, keys, { date: new Date(date.getTime() + 1000) });
    expect(request.headers.get('x-sdk-date')).toBe('20260101T000001Z');
    expect(signatureOf(request)).not.toBe(first);
  });

  it('refuses unusable credentials without echoing them', async () => {
    const request = new Request('https://h.example/');
    await expect(signRequest(request, { accessKey: '', secretKey: 'SECRET-SENTINEL' })).rejects.toThrow(/credentials.accessKey/);
    await expect(signRequest(request, { accessKey: 'AK', secretKey: '' })).rejects.toThrow(/credentials.secretKey/);
    await expect(signRequest(request, { accessKey: '', secretKey: 'SECRET-SENTINEL' })).rejects.not.toThrow(/SECRET-SENTINEL/);
  });
});
