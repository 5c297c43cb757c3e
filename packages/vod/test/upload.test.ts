// uploadAsset and uploadWatermarkImage against a local imitation of VOD and of
// OBS's presigned endpoints (test/obs-server.ts): the bytes that arrive are
// compared with the file byte for byte, the presigned queries must arrive as
// issued, and no Huawei credential may reach OBS. Deterministic: failures are
// injected by request, never by timing.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVodClient, type VodClient } from '../src/index.js';
import { uploadAsset, uploadWatermarkImage, UploadError, type UploadProgress } from '../src/lib/upload.js';
import { startFakeVod, type FakeVod } from './obs-server.js';

const projectId = 'vod-project-1';
const MiB = 1024 * 1024;
let fake: FakeVod;
let vod: VodClient;
let dir: string;
let big: Buffer;
let bigPath: string;
let small: Buffer;
let smallPath: string;

beforeAll(async () => {
  fake = await startFakeVod(projectId);
  vod = createVodClient({ endpoint: fake.url, projectId, credentials: { accessKey: 'AK-SENTINEL', secretKey: 'SK-SENTINEL' } });
  dir = await mkdtemp(path.join(tmpdir(), 'vod-upload-'));
  big = randomBytes(25 * MiB);
  bigPath = path.join(dir, 'launch video.mp4');
  await writeFile(bigPath, big);
  small = randomBytes(300 * 1024 + 7);
  smallPath = path.join(dir, 'clip.mov');
  await writeFile(smallPath, small);
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => fake.reset());

const CREDENTIAL_HEADERS = ['authorization', 'x-auth-token', 'x-sdk-date', 'x-security-token', 'x-project-id'];

function expectNoCredentialsAtObs() {
  expect(fake.obs.length).toBeGreaterThan(0);
  for (const request of fake.obs) for (const name of CREDENTIAL_HEADERS) expect(request.headers[name], `${request.method} ${request.target}`).toBeUndefined();
  // Every OBS request arrived with a query the server issued (otherwise 403 SignatureDoesNotMatch).
  expect(fake.obs.every((request) => /[?&]Signature=[^&]*%2B%2F%3D/.test(request.target))).toBe(true);
}

const calls = () => fake.vod.map((entry) => entry.call);

describe('uploadAsset, multipart', () => {
  it('uploads a 25 MB file in parts, byte for byte, with signed VOD calls and unsigned OBS calls', async () => {
    const progress: UploadProgress[] = [];
    const result = await uploadAsset(vod, { file: bigPath, title: 'Launch', partSize: 5 * MiB, concurrency: 3, onProgress: (p) => progress.push(p) });

    expect(result).toEqual({ assetId: 'asset0001', size: 25 * MiB, parts: 5 });
    expect(fake.objects.get('asset/asset0001/launch video.mp4')!.equals(big)).toBe(true);
    expectNoCredentialsAtObs();
    // VOD calls are signed (AK/SK), OBS ones are not.
    for (const entry of fake.vod) expect(entry.headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=AK-SENTINEL/);

    const create = fake.vod[0]!;
    expect(create.call).toBe('POST /v1.0/{project_id}/asset');
    expect(create.body).toEqual({ title: 'Launch', video_name: 'launch video.mp4', video_type: 'MP4' });
    const signs = fake.vod.filter((entry) => entry.call.startsWith('GET /v1.1/{project_id}/asset/authority'));
    expect(signs).toHaveLength(1 + 5 + 1);
    expect(fake.vod.at(-1)).toMatchObject({ call: 'POST /v1.0/{project_id}/asset/status/uploaded', body: { asset_id: 'asset0001', status: 'CREATED' } });

    const methods = fake.obs.map((request) => `${request.method} ${request.target.split('&AWSAccessKeyId')[0]}`);
    expect(methods[0]).toBe('POST /obs/vod-bucket/asset/asset0001/launch%20video.mp4?uploads');
    expect(methods.slice(1, 6).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `PUT /obs/vod-bucket/asset/asset0001/launch%20video.mp4?partNumber=${n}&uploadId=upload1`));
    expect(methods[6]).toBe('POST /obs/vod-bucket/asset/asset0001/launch%20video.mp4?uploadId=upload1');
    expect(fake.obs[0]!.headers['content-type']).toBe('video/mp4');
    expect(fake.obs[1]!.headers['content-type']).toBe('application/octet-stream');
    expect(fake.obs[6]!.headers['content-type']).toBe('application/xml');

    // Never more parts in flight than asked for.
    expect(fake.maxPartsInFlight).toBeGreaterThanOrEqual(1);
    expect(fake.maxPartsInFlight).toBeLessThanOrEqual(3);

    // Progress only ever counts bytes sent and ends at the whole file.
    expect(progress.at(-1)).toEqual({ loaded: 25 * MiB, total: 25 * MiB });
    expect(progress.every((p) => p.loaded >= 0 && p.loaded <= 25 * MiB)).toBe(true);
  });

  it('retries a part that fails once, and the file still arrives whole', async () => {
    let failed = 0;
    fake.fault = (request) => (request.partNumber === 3 && failed++ === 0 ? 503 : undefined);
    const progress: UploadProgress[] = [];
    const result = await uploadAsset(vod, { file: bigPath, title: 'Launch', partSize: 5 * MiB, retryBaseDelayMs: 0, onProgress: (p) => progress.push(p) });

    expect(result.parts).toBe(5);
    expect(failed).toBe(2);
    expect(fake.obs.filter((request) => request.method === 'PUT' && request.target.includes('partNumber=3&')).length).toBe(2);
    expect(fake.objects.get('asset/asset0001/launch video.mp4')!.equals(big)).toBe(true);
    expect(progress.at(-1)).toEqual({ loaded: 25 * MiB, total: 25 * MiB });
  });

  it('gives up on a part that keeps failing: aborts the multipart upload and reports the asset FAILED', async () => {
    fake.fault = (request) => (request.partNumber === 2 ? 500 : undefined);
    const error: UploadError = await uploadAsset(vod, { file: bigPath, title: 'Launch', partSize: 5 * MiB, maxAttempts: 2, retryBaseDelayMs: 0 }).catch((e) => e);

    expect(error).toBeInstanceOf(UploadError);
    expect(error).toMatchObject({ step: 'part', partNumber: 2, assetCreated: true, assetId: 'asset0001', aborted: false });
    expect(error.message).toMatch(/^Upload failed at part 2: OBS answered PUT with HTTP 500 InjectedFault.*The asset asset0001 was created and is left in place \(reported as FAILED\)\.$/);
    expect(fake.obs.filter((request) => request.target.includes('partNumber=2&'))).toHaveLength(2);
    expect(fake.aborted).toEqual(['upload1']);
    expect(fake.uploads.has('upload1')).toBe(false);
    expect(fake.vod.at(-1)).toMatchObject({ body: { asset_id: 'asset0001', status: 'FAILED' } });
    expectNoCredentialsAtObs();
  });

  it('stops when aborted half-way: the multipart upload is aborted and the asset reported CANCELLED', async () => {
    const controller = new AbortController();
    // Abort once the third part has arrived whole: by request, not by time.
    fake.onPart = (partNumber) => {
      if (partNumber === 3) controller.abort(new Error('user cancelled'));
    };
    const error: UploadError = await uploadAsset(vod, { file: bigPath, title: 'Launch', partSize: 5 * MiB, concurrency: 1, signal: controller.signal }).catch((e) => e);

    expect(error).toBeInstanceOf(UploadError);
    expect(error).toMatchObject({ assetCreated: true, assetId: 'asset0001', aborted: true });
    expect(error.message).toMatch(/^Upload aborted at part 3: user cancelled\. The asset asset0001 was created .*CANCELLED/);
    expect(fake.aborted).toEqual(['upload1']);
    expect(fake.obs.some((request) => request.target.includes('partNumber=4&'))).toBe(false);
    expect(fake.obs.at(-1)!.method).toBe('DELETE');
    expect(fake.objects.size).toBe(0);
    expect(fake.vod.at(-1)).toMatchObject({ call: 'POST /v1.0/{project_id}/asset/status/uploaded', body: { status: 'CANCELLED' } });
  });

  it('uploads a Node Readable of unknown size in parts', async () => {
    const result = await uploadAsset(vod, { file: createReadStream(bigPath, { highWaterMark: 100_000 }), title: 'Stream', video_name: 'stream.mp4', partSize: 6 * MiB });

    expect(result).toEqual({ assetId: 'asset0001', size: 25 * MiB, parts: 5 });
    expect(fake.objects.get('asset/asset0001/stream.mp4')!.equals(big)).toBe(true);
    expectNoCredentialsAtObs();
  });

  it('uploads a Blob in parts, one at a time with concurrency 1, with the Blob\'s type', async () => {
    const blob = new Blob([new Uint8Array(big)], { type: 'video/mp4' });
    const result = await uploadAsset(vod, { file: blob, title: 'Blob', video_name: 'blob.mp4', partSize: 10 * MiB, concurrency: 1 });
    expect(result.parts).toBe(3);
    expect(fake.maxPartsInFlight).toBe(1);
    expect(fake.obs[0]!.headers['content-type']).toBe('video/mp4');
    expect(fake.objects.get('asset/asset0001/blob.mp4')!.equals(big)).toBe(true);
  });
});

describe('uploadAsset, one PUT', () => {
  it('PUTs a small file to video_upload_url as issued, with its Content-Type and no credentials', async () => {
    const result = await uploadAsset(vod, { file: smallPath, title: 'Clip', asset: { description: 'short', auto_publish: 0 } });

    expect(result).toEqual({ assetId: 'asset0001', size: small.length, parts: 0 });
    expect(fake.obs).toHaveLength(1);
    expect(fake.obs[0]).toMatchObject({ method: 'PUT', headers: { 'content-type': 'video/mov', 'content-length': String(small.length) } });
    expect(fake.objects.get('asset/asset0001/clip.mov')!.equals(small)).toBe(true);
    expect(calls()).toEqual(['POST /v1.0/{project_id}/asset', 'POST /v1.0/{project_id}/asset/status/uploaded']);
    expect(fake.vod[0]!.body).toEqual({ title: 'Clip', description: 'short', auto_publish: 0, video_name: 'clip.mov', video_type: 'MOV' });
    expectNoCredentialsAtObs();
  });

  it('sends a short web stream in one PUT', async () => {
    const stream = Readable.toWeb(Readable.from([small.subarray(0, 1000), small.subarray(1000)])) as ReadableStream<Uint8Array>;
    const result = await uploadAsset(vod, { file: stream, title: 'Web', video_name: 'web.mp4' });
    expect(result).toMatchObject({ parts: 0, size: small.length });
    expect(fake.objects.get('asset/asset0001/web.mp4')!.equals(small)).toBe(true);
  });

  it('retries the PUT when OBS answers 503 once', async () => {
    let failures = 0;
    fake.fault = () => (failures++ === 0 ? 503 : undefined);
    await uploadAsset(vod, { file: smallPath, title: 'Clip', retryBaseDelayMs: 0 });
    expect(fake.obs).toHaveLength(2);
    expect(fake.objects.get('asset/asset0001/clip.mov')!.equals(small)).toBe(true);
  });
});

describe('uploadAsset, before anything is created', () => {
  it('rejects a file that is not there at step read, creating no asset', async () => {
    const error: UploadError = await uploadAsset(vod, { file: path.join(dir, 'missing.mp4'), title: 'Nothing' }).catch((e) => e);

    expect(error).toBeInstanceOf(UploadError);
    expect(error).toMatchObject({ step: 'read', assetCreated: false, assetId: undefined });
    expect(error.message).toMatch(/^Upload failed at read: ENOENT.*missing\.mp4.*No asset was created\.$/);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(fake.vod).toEqual([]);
    expect(fake.obs).toEqual([]);
  });

  it('rejects at step create when VOD refuses the input, creating no asset', async () => {
    const error: UploadError = await uploadAsset(vod, { file: smallPath, title: 'x'.repeat(129) }).catch((e) => e);
    expect(error).toMatchObject({ step: 'create', assetCreated: false });
    expect(error.message).toMatch(/title/);
    expect(fake.obs).toEqual([]);
  });

  it('asks for video_type when the name has no extension', async () => {
    const error: UploadError = await uploadAsset(vod, { file: new Blob([new Uint8Array(small)]), title: 'x', video_name: 'noext' }).catch((e) => e);
    expect(error).toMatchObject({ step: 'read', assetCreated: false });
    expect(fake.vod).toEqual([]);
  });
});

describe('uploadWatermarkImage', () => {
  it('creates the template, PUTs the image without credentials and confirms it', async () => {
    const image = randomBytes(40_000);
    const result = await uploadWatermarkImage(vod, { file: new Blob([new Uint8Array(image)]), template: { name: 'logo', type: 'PNG', position: 'TOPRIGHT' } });

    expect(result).toEqual({ id: 'wm0001', imageUrl: `${fake.url}/obs/vod-bucket/watermark/wm0001` });
    expect(fake.objects.get('watermark/wm0001.png')!.equals(image)).toBe(true);
    expect(fake.obs[0]!.headers['content-type']).toBe('image/png');
    expect(calls()).toEqual(['POST /v1.0/{project_id}/template/watermark', 'POST /v1.0/{project_id}/watermark/status/uploaded']);
    expect(fake.vod[1]!.body).toEqual({ id: 'wm0001', status: 'SUCCEED' });
    expectNoCredentialsAtObs();
  });

  it('reports the template FAILED and names it when the PUT fails', async () => {
    fake.fault = () => 403;
    const error: UploadError = await uploadWatermarkImage(vod, { file: Readable.from([Buffer.from('png')]), template: { name: 'logo', type: 'PNG' } }).catch((e) => e);
    expect(error).toMatchObject({ step: 'put', assetCreated: true, assetId: 'wm0001' });
    expect(error.message).toMatch(/The watermark template wm0001 was created/);
    // Refused by the injected fault, not by the signature: a stream gets the image's Content-Type too.
    expect(error.cause).toMatchObject({ name: 'ObsError', status: 403, code: 'InjectedFault' });
    expect(fake.obs[0]!.headers['content-type']).toBe('image/png');
    expect(fake.vod[1]!.body).toEqual({ id: 'wm0001', status: 'FAILED' });
  });
});
