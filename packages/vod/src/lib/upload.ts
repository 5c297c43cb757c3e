// Uploading a file to VOD in one call: create the asset, PUT the bytes to the
// presigned OBS URLs VOD hands out (one PUT, or OBS multipart upload signed one
// request at a time by ShowAssetTempAuthority), confirm. A hand-written flow
// (ARCHITECTURE.md, "Hand-written code in a package is for flows"): it calls
// the generated operations and core's plain fetch, so no Huawei credential
// ever reaches OBS — only the presigned query travels.
//
// Runtime-neutral on purpose (the package has one build for Node and
// browsers): node:fs is looked up at run time, only when `file` is a path.
import { abortReason, createPlainFetch, ok, type CallOptions, type FetchInit, type FetchLike } from '@huaweicloud-openapi/core';
import {
  confirmAssetUpload,
  confirmImageUpload,
  createAssetByFileUpload,
  createWatermarkTemplate,
  showAssetTempAuthority,
  type CreateAssetByFileUploadBody,
  type CreateWatermarkTemplateBody,
  type VodBareClient,
} from '../index.js';

/**
 * What can be uploaded: a file path (Node, Deno, Bun), a `Blob`/`File`
 * (browsers; on Node too, e.g. `fs.openAsBlob`), or a stream — a Node
 * `Readable`, a web `ReadableStream` or any async iterable of `Uint8Array`.
 * Paths and Blobs are read a part at a time, as slices (a part can be sent
 * again); a stream is read once, a part at a time into memory, so at most
 * `concurrency` parts of it are held at once.
 */
export type UploadSource = string | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Where an upload has got to, for `onProgress`. */
export interface UploadProgress {
  /** Bytes sent to OBS so far (an attempt that fails gives its bytes back). */
  loaded: number;
  /** The size of the file; undefined for a stream whose `size` was not given, until it ends. */
  total: number | undefined;
}

/** Options shared by {@link uploadAsset} and {@link uploadWatermarkImage}. */
export interface PutOptions {
  /** The file: a path, a Blob/File or a stream (see {@link UploadSource}). */
  file: UploadSource;
  /** Size in bytes of a stream `file` (for progress and part sizing); paths and Blobs know theirs. */
  size?: number | undefined;
  /** Content-Type the bytes are sent with. Default: the File's type, else derived from the format. */
  contentType?: string | undefined;
  /** Called as bytes are sent. Exceptions it throws are ignored. */
  onProgress?: ((progress: UploadProgress) => void) | undefined;
  /** Stops the upload: the multipart upload is aborted and the asset confirmed as CANCELLED. */
  signal?: AbortSignal | undefined;
  /** Attempts per PUT (each part, or the single PUT), the first included. Default 3. */
  maxAttempts?: number | undefined;
  /** Base of the exponential backoff between attempts, in ms (full jitter). Default 500. */
  retryBaseDelayMs?: number | undefined;
}

/** Options of {@link uploadAsset}. */
export interface UploadAssetOptions extends PutOptions {
  /** Title of the media asset (at most 128 bytes). */
  title: string;
  /** File name VOD records. Default: the path's or File's base name. */
  video_name?: string | undefined;
  /** Format of the file (`MP4`, `MOV`, `MP3`…). Default: from the extension of `video_name`. */
  video_type?: CreateAssetByFileUploadBody['video_type'] | undefined;
  /** The other fields of `CreateAssetByFileUpload`'s body: description, category, transcoding, publishing… */
  asset?: Omit<CreateAssetByFileUploadBody, 'title' | 'video_name' | 'video_type'> | undefined;
  /**
   * Files larger than this go by OBS multipart upload; smaller ones in one PUT
   * to `video_upload_url`. Default 20 MiB (VOD's limit for the single PUT).
   */
  multipartThreshold?: number | undefined;
  /** Size of each multipart part in bytes, 100 KiB to 5 GiB. Default 8 MiB, raised to keep within 10 000 parts. */
  partSize?: number | undefined;
  /** Parts in flight at once. Default 4. */
  concurrency?: number | undefined;
}

/** What {@link uploadAsset} resolves with. */
export interface UploadedAsset {
  /** ID of the new media asset, confirmed as uploaded (`CREATED`). */
  assetId: string;
  /** Bytes uploaded. */
  size: number;
  /** Parts sent: 0 for a single PUT. */
  parts: number;
}

/** The steps of an upload, as {@link UploadError} names them. */
export type UploadStep = 'read' | 'create' | 'put' | 'initiate' | 'part' | 'complete' | 'confirm';

/**
 * An upload failed. `step` says where; `assetCreated` and `assetId` say
 * whether the asset (or watermark template) was left created — it then was
 * reported to VOD as `FAILED` (`CANCELLED` after an abort) and can be deleted
 * with `deleteAssets` or uploaded again with `updateAsset`. A multipart upload
 * begun was aborted. `cause` is the underlying error (a `ServiceError`,
 * `RequestFailedError`, the signal's reason…).
 */
export class UploadError extends Error {
  override readonly name = 'UploadError';
  readonly step: UploadStep;
  readonly assetCreated: boolean;
  /** ID of the asset (or watermark template) left created, when one was. */
  readonly assetId: string | undefined;
  /** The part that failed, at step `part`. */
  readonly partNumber: number | undefined;
  /** The signal aborted the upload. */
  readonly aborted: boolean;

  constructor(options: { step: UploadStep; assetId?: string | undefined; partNumber?: number | undefined; aborted?: boolean; what?: string; cause: unknown }) {
    const { step, assetId, partNumber, aborted = false, what = 'asset', cause } = options;
    const where = step === 'part' ? `part ${partNumber}` : step;
    const reason = (cause as Error)?.message ?? String(cause);
    const left = assetId ? ` The ${what} ${assetId} was created and is left in place (reported as ${aborted ? 'CANCELLED' : 'FAILED'}).` : ` No ${what} was created.`;
    super(`Upload ${aborted ? 'aborted' : 'failed'} at ${where}: ${reason}.${left}`, { cause });
    this.step = step;
    this.assetId = assetId;
    this.assetCreated = assetId !== undefined;
    this.partNumber = partNumber;
    this.aborted = aborted;
  }
}

const MiB = 1024 * 1024;
const MIN_PART = 100 * 1024;
const MAX_PART = 5 * 1024 * MiB;
const MAX_PARTS = 10_000;
/** Pieces a buffered part is streamed in, so progress moves while it is sent. */
const PIECE = 256 * 1024;
const AUDIO = new Set(['MP3', 'OGG', 'WAV', 'WMA', 'APE', 'FLAC', 'AAC', 'AC3', 'MMF', 'AMR', 'M4A', 'M4R', 'WV', 'MP2']);

// ---------------------------------------------------------------------------
// Sources

interface NodeFs {
  promises: { stat(path: string): Promise<{ size: number; isFile(): boolean }> };
  createReadStream(path: string, options: { start: number; end: number; highWaterMark?: number }): AsyncIterable<Uint8Array> & { destroy(): void };
}

/** node:fs, without a static import a browser bundle would have to resolve. */
async function nodeFs(): Promise<NodeFs> {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const builtin = process?.getBuiltinModule?.('node:fs');
  if (builtin) return builtin as NodeFs;
  const id: string = 'node:fs';
  try {
    return (await import(/* @vite-ignore */ /* webpackIgnore: true */ id)) as NodeFs;
  } catch {
    throw new TypeError('A file path can only be uploaded where node:fs exists (Node, Deno, Bun): pass a Blob or File instead.');
  }
}

/** Bodies are streamed where fetch can send a stream over HTTP/1.1 (Node and its kin); browsers get Blobs and bytes. */
const streamsBodies = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

/** One PUT's body, made afresh for each attempt. */
interface PartBody {
  size: number;
  /** A new body for one attempt; `count` is told of each chunk as it is sent (streamed bodies only). */
  open(count: (bytes: number) => boolean): { body: BodyInit; duplex?: 'half'; counted: boolean };
}

function bytesBody(bytes: Uint8Array): PartBody {
  return {
    size: bytes.length,
    open(count) {
      if (!streamsBodies) return { body: bytes as BodyInit, counted: false };
      return { body: counting(pieces(bytes), count), duplex: 'half', counted: true };
    },
  };
}

async function* pieces(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += PIECE) yield bytes.subarray(at, at + PIECE);
}

/**
 * A body stream over `source` that tells `count` of each chunk as the sender
 * takes it. A web ReadableStream of our own, not the iterable itself: Node's
 * Request turns an iterable into a stream that throws an uncaught error when
 * cancelled mid-read (an abort). `count` answering false (the attempt is
 * over) fails the stream, so a sender still reading it after an answer stops.
 */
function counting(source: AsyncIterable<Uint8Array>, count: (bytes: number) => boolean): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else if (!count(value.length)) {
          controller.error(new Error('the attempt is over'));
          await iterator.return?.();
        } else controller.enqueue(value);
      } catch (error) {
        try {
          controller.error(error);
        } catch {
          // Cancelled meanwhile: nobody reads this stream any more.
        }
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** A source that can be read at any offset again (a path or a Blob): parts are slices, sent again on a retry. */
interface RandomSource {
  kind: 'random';
  size: number;
  name: string | undefined;
  type: string | undefined;
  slice(start: number, end: number): PartBody;
}

/** A source read once from start to end. */
interface StreamSource {
  kind: 'stream';
  size: number | undefined;
  chunks: AsyncIterator<Uint8Array>;
}

function blobSource(blob: Blob): RandomSource {
  const name = (blob as { name?: unknown }).name;
  return {
    kind: 'random',
    size: blob.size,
    name: typeof name === 'string' && name ? name : undefined,
    type: blob.type || undefined,
    slice(start, end) {
      const part = blob.slice(start, end);
      return {
        size: end - start,
        open(count) {
          if (!streamsBodies) return { body: part, counted: false };
          return { body: counting(part.stream() as unknown as AsyncIterable<Uint8Array>, count), duplex: 'half', counted: true };
        },
      };
    },
  };
}

async function openSource(file: UploadSource, size: number | undefined): Promise<RandomSource | StreamSource> {
  if (typeof file === 'string') {
    const fs = await nodeFs();
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) throw new TypeError(`${file} is not a file`);
    return {
      kind: 'random',
      size: stat.size,
      name: file.split(/[\\/]/).pop() || undefined,
      type: undefined,
      slice(start, end) {
        return {
          size: end - start,
          open(count) {
            // An empty range cannot be expressed with an inclusive `end`.
            if (end === start) return { body: new Uint8Array(0) as BodyInit, counted: false };
            const stream = fs.createReadStream(file, { start, end: end - 1, highWaterMark: PIECE });
            return { body: counting(stream, count), duplex: 'half', counted: true };
          },
        };
      },
    };
  }
  if (typeof Blob !== 'undefined' && file instanceof Blob) return blobSource(file);
  if (file && typeof (file as ReadableStream<Uint8Array>).getReader === 'function' && !(Symbol.asyncIterator in file)) {
    const reader = (file as ReadableStream<Uint8Array>).getReader();
    return { kind: 'stream', size, chunks: { next: () => reader.read() as Promise<IteratorResult<Uint8Array>>, return: async () => (await reader.cancel(), { done: true, value: undefined }) } };
  }
  if (file && typeof (file as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    return { kind: 'stream', size, chunks: (file as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]() };
  }
  throw new TypeError('file must be a path, a Blob or File, a ReadableStream or a Node Readable (an async iterable of Uint8Array)');
}

/** Reads parts of `partSize` bytes off a stream, one caller at a time; undefined once it has ended. */
function partReader(source: StreamSource, partSize: number): () => Promise<Uint8Array | undefined> {
  let leftover: Uint8Array | undefined;
  let ended = false;
  let queue: Promise<unknown> = Promise.resolve();
  const read = async (): Promise<Uint8Array | undefined> => {
    if (ended && !leftover) return undefined;
    const part = new Uint8Array(partSize);
    let filled = 0;
    if (leftover) {
      const take = Math.min(leftover.length, partSize);
      part.set(leftover.subarray(0, take));
      filled = take;
      leftover = take < leftover.length ? leftover.subarray(take) : undefined;
    }
    while (filled < partSize && !ended) {
      const { done, value } = await source.chunks.next();
      if (done) {
        ended = true;
        break;
      }
      const chunk = typeof value === 'string' ? new TextEncoder().encode(value) : value;
      const take = Math.min(chunk.length, partSize - filled);
      part.set(chunk.subarray(0, take), filled);
      filled += take;
      if (take < chunk.length) leftover = chunk.slice(take);
    }
    return filled === 0 && ended ? undefined : filled === partSize ? part : part.slice(0, filled);
  };
  return () => {
    const next = queue.then(read);
    queue = next.catch(() => {});
    return next;
  };
}

// ---------------------------------------------------------------------------
// Sending

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** An OBS answer that is not a success: its status and, when OBS sent one, its error code and message. */
export class ObsError extends Error {
  override readonly name = 'ObsError';
  readonly status: number;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  constructor(method: string, response: Response, text: string) {
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
    const requestId = response.headers.get('x-obs-request-id') ?? response.headers.get('x-request-id') ?? undefined;
    super(`OBS answered ${method} with HTTP ${response.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}${requestId ? ` (request id ${requestId})` : ''}`.replace(/[\0-\x1f\x7f]+/g, ' '));
    this.status = response.status;
    this.code = code;
    this.requestId = requestId;
  }
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

interface Sender {
  plain: FetchLike;
  signal: AbortSignal | undefined;
  maxAttempts: number;
  retryBaseDelayMs: number;
  progress(delta: number): void;
}

/**
 * Sends one request to OBS through the client's plain fetch (no credentials),
 * `url` as given: the presigned query is not re-encoded. Retries network
 * failures and 408/429/5xx answers up to `maxAttempts`, with a fresh URL from
 * `sign` and a fresh body each time. Resolves with the successful answer.
 */
async function sendToObs(
  sender: Sender,
  method: string,
  sign: () => Promise<string>,
  headers: Record<string, string>,
  body: PartBody | string | undefined,
): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    let sent = 0;
    let active = true;
    const count = (bytes: number) => {
      if (!active) return false;
      sent += bytes;
      sender.progress(bytes);
      return true;
    };
    let retryable: boolean;
    let failure: unknown;
    try {
      const url = await sign();
      const init: FetchInit = { method, headers: { ...headers }, signal: sender.signal };
      let counted = true;
      if (typeof body === 'string') init.body = body;
      else if (body) {
        const opened = body.open(count);
        init.body = opened.body as BodyInit;
        if (opened.duplex) init.duplex = opened.duplex;
        counted = opened.counted;
        (init.headers as Record<string, string>)['Content-Length'] = String(body.size);
      }
      const response = await sender.plain(new Request(url, { method }), init);
      active = false;
      if (response.ok) {
        if (!counted && body && typeof body !== 'string') sender.progress(body.size);
        return response;
      }
      const text = await response.text().catch(() => '');
      failure = new ObsError(method, response, text);
      retryable = RETRYABLE.has(response.status);
    } catch (error) {
      active = false;
      if (sender.signal?.aborted) throw abortReason(sender.signal);
      failure = error;
      // A failed signature call has already been retried by the client; a bad
      // input or a refused signature will not get better.
      retryable = (error as Error)?.name === 'RequestFailedError' || (error as Error)?.name === 'TypeError';
    }
    if (sent) sender.progress(-sent);
    if (!retryable || attempt >= sender.maxAttempts) throw failure;
    await wait(Math.random() * sender.retryBaseDelayMs * 2 ** (attempt - 1), sender.signal);
  }
}

/** The progress reporter: never lets a throwing callback break the upload. */
function reporter(onProgress: PutOptions['onProgress'], total: () => number | undefined): (delta: number) => void {
  let loaded = 0;
  return (delta) => {
    loaded += delta;
    if (!onProgress) return;
    try {
      onProgress({ loaded, total: total() });
    } catch {
      // The caller's callback; its failure is not the upload's.
    }
  };
}

function positive(value: number | undefined, name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`${name} must be an integer from ${min} to ${max}; got ${String(value)}`);
  }
  return value;
}

/** Adds a query key the URL lacks (`uploads`, `uploadId=…`) without re-encoding what is there. */
function withQuery(url: string, key: string, value?: string): string {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1).split('#')[0]! : '';
  if (query.split('&').some((pair) => pair.split('=')[0] === key)) return url;
  const pair = value === undefined ? key : `${key}=${encodeURIComponent(value)}`;
  return `${url}${url.includes('?') ? (url.endsWith('?') || url.endsWith('&') ? '' : '&') : '?'}${pair}`;
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmlUnescape(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// ---------------------------------------------------------------------------
// The flows

class StepFailure {
  constructor(
    readonly step: UploadStep,
    readonly cause: unknown,
    readonly partNumber?: number,
  ) {}
}

async function step<T>(name: UploadStep, run: () => Promise<T>, partNumber?: number): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof StepFailure ? error : new StepFailure(name, error, partNumber);
  }
}

function contentTypeOf(videoType: string | undefined, source: RandomSource | StreamSource, given: string | undefined): string {
  if (given) return given;
  if (source.kind === 'random' && source.type) return source.type;
  if (!videoType) return 'application/octet-stream';
  return `${AUDIO.has(videoType) ? 'audio' : 'video'}/${videoType.toLowerCase()}`;
}

/**
 * Uploads a video (or audio) file to VOD in one call: creates the asset
 * (`CreateAssetByFileUpload`), PUTs the bytes to the presigned OBS URL —
 * in one request up to `multipartThreshold` (20 MiB), else by OBS multipart
 * upload (initiate, parts `concurrency` at a time, each retried up to
 * `maxAttempts`, complete), each OBS request signed by
 * `ShowAssetTempAuthority` — then confirms it (`ConfirmAssetUpload`,
 * `CREATED`) and resolves with the asset's ID.
 *
 * OBS requests go through `createPlainFetch(client)`: the client's sender,
 * timeouts and abort handling, and no Huawei credentials — only the presigned
 * query, passed on untouched. The client's `timeoutMs` limits each request,
 * a part's upload included: raise it for slow links and large parts.
 *
 * A large file is never held whole in memory: a path or Blob is read a part
 * at a time as slices (streamed on Node), a stream a part at a time. A
 * failure rejects with an {@link UploadError} naming the step, and whether the
 * asset was left created (then it is reported `FAILED`, or `CANCELLED` when
 * `signal` aborted the upload); a multipart upload begun is aborted.
 *
 * In a browser the bucket's CORS rules must let the page send these requests
 * and read the `ETag` header of the part answers (VOD's buckets do).
 *
 * @example
 * import { createVodClient } from '@huaweicloud-openapi/vod';
 * import { uploadAsset } from '@huaweicloud-openapi/vod/upload';
 *
 * const vod = createVodClient({ region: 'cn-north-4', projectId, credentials: { token } });
 * const { assetId } = await uploadAsset(vod, {
 *   file: './launch.mp4',
 *   title: 'Product launch',
 *   asset: { template_group_name: 'system_template_group' },
 *   onProgress: ({ loaded, total }) => console.log(`${loaded} / ${total}`),
 * });
 */
export async function uploadAsset(client: VodBareClient, options: UploadAssetOptions): Promise<UploadedAsset> {
  const { file, title, asset, signal, onProgress } = options;
  const threshold = positive(options.multipartThreshold, 'multipartThreshold', 20 * MiB, 0);
  const concurrency = positive(options.concurrency, 'concurrency', 4, 1, 64);
  const call: CallOptions = { signal };
  let assetId: string | undefined;
  let source: RandomSource | StreamSource | undefined;
  let uploadId: string | undefined;
  let target: { bucket: string; object: string } | undefined;
  const plain = createPlainFetch(client);
  // Stops the parts in flight when one fails for good, as the caller's signal does.
  const inner = new AbortController();
  const onAbort = () => inner.abort(signal!.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const sender: Sender = {
    plain,
    signal: inner.signal,
    maxAttempts: positive(options.maxAttempts, 'maxAttempts', 3, 1, 20),
    retryBaseDelayMs: positive(options.retryBaseDelayMs, 'retryBaseDelayMs', 500, 0),
    progress: reporter(onProgress, () => source?.size),
  };
  const sign = (params: { http_verb: 'POST' | 'PUT' | 'GET' | 'DELETE'; content_type?: string; upload_id?: string; part_number?: number }, init: CallOptions = call) => async () =>
    ok(await showAssetTempAuthority(client, { ...params, bucket: target!.bucket, object_key: target!.object }, init)).sign_str ?? '';

  try {
    if (signal?.aborted) throw abortReason(signal);
    source = await step('read', () => openSource(file, options.size));
    const name = options.video_name ?? (source.kind === 'random' ? source.name : undefined);
    const videoType = options.video_type ?? (name && /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toUpperCase());
    if (!name || !videoType) {
      throw new StepFailure('read', new TypeError('give video_name and video_type: they cannot be told from this file'));
    }
    const contentType = contentTypeOf(videoType, source, options.contentType);

    const created = await step('create', async () =>
      ok(await createAssetByFileUpload(client, { body: { ...asset, title, video_name: name, video_type: videoType as CreateAssetByFileUploadBody['video_type'] } }, call)),
    );
    assetId = created.asset_id;
    if (!assetId) throw new StepFailure('create', new Error('CreateAssetByFileUpload answered without asset_id'));
    if (created.target) target = { bucket: created.target.bucket, object: created.target.object };

    // A stream of unknown size goes in one PUT when its first part is all there is.
    let size: number;
    let parts = 0;
    const partSize = (total: number | undefined) => {
      const given = positive(options.partSize, 'partSize', 8 * MiB, MIN_PART, MAX_PART);
      return total === undefined ? given : Math.max(given, Math.ceil(total / MAX_PARTS / MiB) * MiB);
    };
    let single: PartBody | undefined;
    let nextPart: (() => Promise<PartBody | undefined>) | undefined;
    if (source.kind === 'random') {
      size = source.size;
      if (size <= threshold) single = source.slice(0, size);
      else {
        const chunk = partSize(size);
        const count = Math.ceil(size / chunk);
        let number = 0;
        const random = source;
        nextPart = async () => (number < count ? random.slice(number * chunk, Math.min(size, ++number * chunk)) : undefined);
      }
    } else {
      const streamed = source;
      const read = partReader(streamed, streamed.size !== undefined && streamed.size <= threshold ? Math.max(streamed.size, 1) : partSize(streamed.size));
      const first = await step('read', read);
      const second = first && (await step('read', read));
      if (!second) {
        const bytes = first ?? new Uint8Array(0);
        streamed.size = bytes.length;
        single = bytesBody(bytes);
      } else {
        const pending = [first, second];
        nextPart = async () => {
          const bytes = pending.shift() ?? (await read());
          return bytes && bytesBody(bytes);
        };
      }
      size = 0; // counted as parts are read
    }

    if (single) {
      const url = created.video_upload_url;
      if (!url) throw new StepFailure('put', new Error('CreateAssetByFileUpload answered without video_upload_url'));
      await step('put', () => sendToObs(sender, 'PUT', async () => url, { 'Content-Type': contentType }, single));
      size = single.size;
    } else {
      if (!target) throw new StepFailure('initiate', new Error('CreateAssetByFileUpload answered without target (bucket and object)'));
      const initiated = await step('initiate', async () => {
        const response = await sendToObs(sender, 'POST', async () => withQuery(await sign({ http_verb: 'POST', content_type: contentType })(), 'uploads'), { 'Content-Type': contentType }, undefined);
        const id = /<UploadId>([^<]+)<\/UploadId>/.exec(await response.text())?.[1];
        if (!id) throw new Error('OBS answered the initiation without an UploadId');
        return xmlUnescape(id);
      });
      uploadId = initiated;
      const etags: string[] = [];
      let numbered = 0;
      let stopped = false;
      const worker = async () => {
        while (!stopped) {
          const part = await step('read', nextPart!);
          if (!part) return;
          const number = ++numbered;
          if (number > MAX_PARTS) throw new StepFailure('read', new Error(`the file needs more than ${MAX_PARTS} parts: raise partSize`));
          size += source!.kind === 'stream' ? part.size : 0;
          const signPart = sign({ http_verb: 'PUT', content_type: 'application/octet-stream', upload_id: initiated, part_number: number });
          const response = await step(
            'part',
            () => sendToObs(sender, 'PUT', async () => withQuery(withQuery(await signPart(), 'partNumber', String(number)), 'uploadId', initiated), { 'Content-Type': 'application/octet-stream' }, part),
            number,
          );
          const etag = response.headers.get('etag');
          if (!etag) throw new StepFailure('part', new Error('OBS answered without an ETag header (in a browser, the bucket\'s CORS rules must expose ETag)'), number);
          etags[number - 1] = etag;
        }
      };
      // The first failure stops the others; all settle before the multipart upload is aborted.
      let first: { error: unknown } | undefined;
      await Promise.all(
        Array.from({ length: concurrency }, () =>
          worker().catch((error) => {
            stopped = true;
            first ??= { error };
            inner.abort(error instanceof StepFailure ? error.cause : error);
          }),
        ),
      );
      if (first) throw first.error;
      parts = etags.length;
      if (source.kind === 'random') size = source.size;
      else source.size = size;
      const xml = `<CompleteMultipartUpload>${etags.map((etag, index) => `<Part><PartNumber>${index + 1}</PartNumber><ETag>${xmlEscape(etag)}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
      await step('complete', async () => {
        const response = await sendToObs(sender, 'POST', async () => withQuery(await sign({ http_verb: 'POST', content_type: 'application/xml', upload_id: initiated })(), 'uploadId', initiated), { 'Content-Type': 'application/xml' }, xml);
        // OBS can answer 200 and still fail the completion, in the body.
        const text = await response.text();
        if (/<Error>/.test(text)) throw new ObsError('POST', response, text);
      });
      uploadId = undefined;
    }

    await step('confirm', async () => ok(await confirmAssetUpload(client, { body: { asset_id: assetId!, status: 'CREATED' } }, call)));
    return { assetId, size, parts };
  } catch (error) {
    const failure = error instanceof StepFailure ? error : new StepFailure('read', error);
    const aborted = signal?.aborted === true;
    // Clean up without the caller's signal (it may be what stopped us): the client's own time limits apply.
    if (uploadId && target) {
      const abortId = uploadId;
      await sendToObs({ ...sender, signal: undefined, progress: () => {} }, 'DELETE', async () => withQuery(await sign({ http_verb: 'DELETE', upload_id: abortId }, {})(), 'uploadId', abortId), {}, undefined)
        .then((response) => response.body?.cancel())
        .catch(() => {});
    }
    if (assetId && failure.step !== 'confirm') {
      await confirmAssetUpload(client, { body: { asset_id: assetId, status: aborted ? 'CANCELLED' : 'FAILED' } }).catch(() => {});
    }
    // Streams are released on failure; a Node Readable is destroyed by its iterator's return.
    if (source?.kind === 'stream') await source.chunks.return?.().catch(() => {});
    throw new UploadError({ step: failure.step, assetId, partNumber: failure.partNumber, aborted, cause: aborted ? abortReason(signal!) : failure.cause });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Options of {@link uploadWatermarkImage}. */
export interface UploadWatermarkImageOptions extends Omit<PutOptions, 'size'> {
  /** The watermark template to create (`CreateWatermarkTemplate`'s body): name, image format (`type`), position… */
  template: CreateWatermarkTemplateBody;
}

/** What {@link uploadWatermarkImage} resolves with. */
export interface UploadedWatermarkImage {
  /** ID of the new watermark template. */
  id: string;
  /** Where the image can be downloaded from, as `ConfirmImageUpload` answered. */
  imageUrl: string | undefined;
}

/**
 * Creates an image watermark template and uploads its image in one call:
 * `CreateWatermarkTemplate`, a PUT of the image to the presigned `upload_url`
 * (as {@link uploadAsset} sends its single PUT: no Huawei credentials,
 * retried, with progress), then `ConfirmImageUpload` (`SUCCEED`). A failure
 * rejects with an {@link UploadError}; a template left created is confirmed
 * `FAILED`, and its ID is in the error.
 *
 * @example
 * const { id } = await uploadWatermarkImage(vod, {
 *   file: './logo.png',
 *   template: { name: 'logo-top-right', type: 'PNG', position: 'TOPRIGHT', dx: '0.05', dy: '0.05' },
 * });
 */
export async function uploadWatermarkImage(client: VodBareClient, options: UploadWatermarkImageOptions): Promise<UploadedWatermarkImage> {
  const { file, template, signal, onProgress } = options;
  const call: CallOptions = { signal };
  let id: string | undefined;
  let source: RandomSource | StreamSource | undefined;
  const sender: Sender = {
    plain: createPlainFetch(client),
    signal,
    maxAttempts: positive(options.maxAttempts, 'maxAttempts', 3, 1, 20),
    retryBaseDelayMs: positive(options.retryBaseDelayMs, 'retryBaseDelayMs', 500, 0),
    progress: reporter(onProgress, () => source?.size),
  };
  try {
    if (signal?.aborted) throw abortReason(signal);
    source = await step('read', () => openSource(file, undefined));
    let body: PartBody;
    if (source.kind === 'random') body = source.slice(0, source.size);
    else {
      // An image is small: a stream is read whole, so the PUT can be sent again.
      const chunks: Uint8Array[] = [];
      const streamed = source;
      await step('read', async () => {
        for (let next = await streamed.chunks.next(); !next.done; next = await streamed.chunks.next()) chunks.push(next.value);
      });
      const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
      chunks.reduce((at, chunk) => (bytes.set(chunk, at), at + chunk.length), 0);
      streamed.size = bytes.length;
      body = bytesBody(bytes);
    }
    const contentType = options.contentType || (source.kind === 'random' ? source.type : undefined) || `image/${(template.type ?? 'png').toLowerCase()}`;
    const created = await step('create', async () => ok(await createWatermarkTemplate(client, { body: template }, call)));
    id = created.id;
    if (!id) throw new StepFailure('create', new Error('CreateWatermarkTemplate answered without id'));
    const url = created.upload_url;
    if (!url) throw new StepFailure('put', new Error('CreateWatermarkTemplate answered without upload_url'));
    await step('put', () => sendToObs(sender, 'PUT', async () => url, { 'Content-Type': contentType }, body));
    const confirmed = await step('confirm', async () => ok(await confirmImageUpload(client, { body: { id: id!, status: 'SUCCEED' } }, call)));
    return { id, imageUrl: confirmed.image_url };
  } catch (error) {
    const failure = error instanceof StepFailure ? error : new StepFailure('read', error);
    const aborted = signal?.aborted === true;
    if (id && failure.step !== 'confirm') await confirmImageUpload(client, { body: { id, status: 'FAILED' } }).catch(() => {});
    throw new UploadError({ step: failure.step, assetId: id, aborted, what: 'watermark template', cause: aborted ? abortReason(signal!) : failure.cause });
  }
}
