// A local server on 127.0.0.1 that imitates the VOD operations an upload uses
// (CreateAssetByFileUpload, ShowAssetTempAuthority, ConfirmAssetUpload,
// CreateWatermarkTemplate, ConfirmImageUpload) and OBS's presigned PUT and
// multipart endpoints (initiate `POST ?uploads`, `PUT ?partNumber&uploadId`,
// complete `POST ?uploadId`, abort `DELETE ?uploadId`). Used by the tests and
// the upload benchmark.
//
// Every presigned URL it hands out carries a signature over the method, the
// Content-Type and the resource, percent-encoded with `%2B`, `%2F` and `%3D`;
// OBS refuses (403) a request whose query is not byte for byte a URL it issued,
// whose signature does not match, or which carries Huawei credentials.
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ObsRequest {
  method: string;
  /** Path and query as received. */
  target: string;
  headers: IncomingMessage['headers'];
  bytes: number;
}

export interface FakeVod {
  url: string;
  /** Every request to OBS (the `/obs/` paths). */
  obs: ObsRequest[];
  /** Every VOD call, `METHOD path` with its JSON body. */
  vod: { call: string; body: unknown; headers: IncomingMessage['headers'] }[];
  /** Stored objects by key, once complete (single PUT or completed multipart). */
  objects: Map<string, Buffer>;
  /** Multipart uploads begun and not completed or aborted, by upload id. */
  uploads: Map<string, Map<number, Buffer>>;
  /** Aborted upload ids. */
  aborted: string[];
  /** The most part PUTs the server has been reading at once. */
  maxPartsInFlight: number;
  /** Called on each OBS request before it is handled: return a status to fail it with instead. */
  fault?: ((request: ObsRequest & { partNumber?: number }) => number | undefined) | undefined;
  /** Called when a part has been read whole (before it is answered). */
  onPart?: ((partNumber: number) => void) | undefined;
  /** Forgets everything recorded and restarts the ids. */
  reset(): void;
  close(): Promise<void>;
}

const SECRET = 'obs-secret';
const BUCKET = 'vod-bucket';
const CREDENTIALS = ['authorization', 'x-auth-token', 'x-sdk-date', 'x-security-token', 'x-project-id'];

function signature(method: string, contentType: string, resource: string): string {
  // Base64 with + / = in it, percent-encoded in the query: re-encoding would change it.
  return encodeURIComponent(createHmac('sha1', SECRET).update(`${method}\n${contentType}\n${resource}`).digest('base64') + '+/=');
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function xml(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

/** `store: false` keeps no object bytes once an upload is complete (the benchmark's long runs). */
export async function startFakeVod(projectId: string, { store = true }: { store?: boolean } = {}): Promise<FakeVod> {
  let assets = 0;
  let uploadIds = 0;
  /** Presigned targets issued, as `METHOD contentType target`. */
  const issued = new Set<string>();
  const state = {
    obs: [] as ObsRequest[],
    vod: [] as FakeVod['vod'],
    objects: new Map<string, Buffer>(),
    uploads: new Map<string, Map<number, Buffer>>(),
    aborted: [] as string[],
  };
  let base = '';
  let partsInFlight = 0;

  const presign = (method: string, contentType: string, key: string, subresource: string): string => {
    const resource = `/obs/${BUCKET}/${key}${subresource ? `?${subresource}` : ''}`;
    const query = `${subresource ? `${subresource}&` : ''}AWSAccessKeyId=AKEXAMPLE&Expires=1767225600&Signature=${signature(method, contentType, resource)}`;
    const target = `/obs/${BUCKET}/${key}?${query}`;
    issued.add(`${method} ${contentType} ${target}`);
    return `${base}${target}`;
  };

  async function handleVod(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const body = request.method === 'POST' ? JSON.parse((await readBody(request)).toString() || 'null') : undefined;
    const path = url.pathname.replace(`/${projectId}/`, '/{project_id}/');
    state.vod.push({ call: `${request.method} ${path}`, body, headers: request.headers });
    switch (`${request.method} ${path}`) {
      case 'POST /v1.0/{project_id}/asset': {
        const id = `asset${String(++assets).padStart(4, '0')}`;
        const key = `asset/${id}/${encodeURIComponent(body.video_name)}`;
        return json(response, 200, { asset_id: id, video_upload_url: presign('PUT', `video/${body.video_type.toLowerCase()}`, key, ''), target: { bucket: BUCKET, location: 'local', object: decodeURIComponent(key) } });
      }
      case 'GET /v1.1/{project_id}/asset/authority': {
        const q = url.searchParams;
        if (q.get('bucket') !== BUCKET) return json(response, 400, { error_code: 'VOD.10053', error_msg: 'bad bucket' });
        const key = encodeURIComponent(q.get('object_key')!).replace(/%2F/g, '/');
        const verb = q.get('http_verb')!;
        const uploadId = q.get('upload_id');
        const part = q.get('part_number');
        const sub = !uploadId ? 'uploads' : part ? `partNumber=${part}&uploadId=${uploadId}` : `uploadId=${uploadId}`;
        return json(response, 200, { sign_str: presign(verb, q.get('content_type') ?? '', key, sub) });
      }
      case 'POST /v1.0/{project_id}/asset/status/uploaded':
        return json(response, 200, { asset_id: body.asset_id });
      case 'POST /v1.0/{project_id}/template/watermark': {
        const id = `wm${String(++assets).padStart(4, '0')}`;
        return json(response, 201, { id, upload_url: presign('PUT', `image/${String(body.type).toLowerCase()}`, `watermark/${id}.${String(body.type).toLowerCase()}`, '') });
      }
      case 'POST /v1.0/{project_id}/watermark/status/uploaded':
        return json(response, 200, { id: body.id, image_url: `${base}/obs/${BUCKET}/watermark/${body.id}` });
      default:
        return json(response, 404, { error_code: 'VOD.404', error_msg: `no ${request.method} ${path}` });
    }
  }

  async function handleObs(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const target = request.url!;
    const record: ObsRequest = { method: request.method!, target, headers: request.headers, bytes: 0 };
    state.obs.push(record);
    const contentType = request.headers['content-type'] ?? '';
    const key = decodeURIComponent(url.pathname.slice(`/obs/${BUCKET}/`.length));
    const q = url.searchParams;
    const partNumber = q.has('partNumber') ? Number(q.get('partNumber')) : undefined;
    const refuse = (status: number, code: string) => {
      request.resume();
      xml(response, status, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`, { 'x-obs-request-id': 'obs-req-1' });
    };
    if (CREDENTIALS.some((name) => name in request.headers)) return refuse(403, 'CredentialsSentToObs');
    if (!issued.has(`${request.method} ${contentType} ${target}`)) return refuse(403, 'SignatureDoesNotMatch');
    const status = fake.fault?.({ ...record, partNumber });
    if (status) return refuse(status, 'InjectedFault');
    const isPart = request.method === 'PUT' && partNumber !== undefined;
    if (isPart) fake.maxPartsInFlight = Math.max(fake.maxPartsInFlight, ++partsInFlight);
    const body = await readBody(request).finally(() => isPart && partsInFlight--);
    record.bytes = body.length;
    if (request.headers['content-length'] !== undefined && Number(request.headers['content-length']) !== body.length) return refuse(400, 'IncompleteBody');

    if (request.method === 'PUT' && partNumber === undefined) {
      state.objects.set(key, store ? body : Buffer.alloc(0));
      return xml(response, 200, '', { etag: `"${createHash('md5').update(body).digest('hex')}"` });
    }
    if (request.method === 'POST' && q.has('uploads')) {
      const id = `upload${++uploadIds}`;
      state.uploads.set(id, new Map());
      return xml(response, 200, `<?xml version="1.0" encoding="UTF-8"?><InitiateMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>${key}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
    }
    const uploadId = q.get('uploadId') ?? '';
    const parts = state.uploads.get(uploadId);
    if (!parts) return refuse(404, 'NoSuchUpload');
    if (request.method === 'PUT') {
      parts.set(partNumber!, body);
      fake.onPart?.(partNumber!);
      return xml(response, 200, '', { etag: `"${createHash('md5').update(body).digest('hex')}"` });
    }
    if (request.method === 'DELETE') {
      state.uploads.delete(uploadId);
      state.aborted.push(uploadId);
      response.writeHead(204).end();
      return;
    }
    // Complete: the parts listed, in order, each with its ETag.
    const listed = [...body.toString().matchAll(/<Part><PartNumber>(\d+)<\/PartNumber><ETag>([^<]*)<\/ETag><\/Part>/g)];
    const buffers: Buffer[] = [];
    for (const [index, [, number, etag]] of listed.entries()) {
      const part = parts.get(Number(number));
      if (Number(number) !== index + 1 || !part || etag!.replace(/&quot;/g, '"') !== `"${createHash('md5').update(part).digest('hex')}"`) return refuse(400, 'InvalidPart');
      buffers.push(part);
    }
    if (listed.length !== parts.size) return refuse(400, 'InvalidPartOrder');
    state.objects.set(key, store ? Buffer.concat(buffers) : Buffer.alloc(0));
    state.uploads.delete(uploadId);
    return xml(response, 200, `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>${key}</Key></CompleteMultipartUploadResult>`);
  }

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url!, base);
    (url.pathname.startsWith('/obs/') ? handleObs : handleVod)(request, response, url).catch((error) => {
      if (!response.headersSent) json(response, 500, { error_code: 'TEST.500', error_msg: String(error) });
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeVod = {
    url: base,
    ...state,
    maxPartsInFlight: 0,
    reset() {
      assets = 0;
      uploadIds = 0;
      fake.maxPartsInFlight = 0;
      issued.clear();
      state.uploads.clear();
      state.obs.length = 0;
      state.vod.length = 0;
      state.objects.clear();
      state.aborted.length = 0;
      fake.fault = undefined;
      fake.onPart = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
