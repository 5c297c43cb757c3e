import { abortReason, clean, InvalidInputError, normalizeError } from './errors.js';
import { readPath } from './path.js';

/**
 * How a list operation pages, from the spec's `x-pagination`; generated beside
 * each `paginate<OperationId>`.
 */
export type PaginationSpec = {
  /** Body property holding a page's items. */
  readonly items: string;
  /** Body property with the total number of items, when the service returns one. */
  readonly total?: string;
  /** Body boolean that stays true while more pages exist. */
  readonly hasMore?: string;
} & (
  | { readonly scheme: 'offset'; readonly offset: string; readonly limit: string }
  | { readonly scheme: 'page'; readonly page: string; readonly size: string; readonly firstPage?: number }
  | {
      readonly scheme: 'cursor';
      readonly cursor: string;
      readonly limit?: string;
      /** Item property whose value in a page's last item is the next cursor; absent when items are strings. */
      readonly cursorFrom?: string;
      /** Body property with the next cursor (instead of `cursorFrom`). */
      readonly nextCursor?: string;
    }
);

/** Per-iteration options of a paginator. */
export interface PaginateOptions {
  /** Stops the iteration: the pending page request is aborted and the iterator throws the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Extra request headers for every page. */
  headers?: Record<string, string> | undefined;
  /**
   * Most pages to request: one more would throw a PaginationError naming this
   * option. Default 10 000 (`DEFAULT_MAX_PAGES`); Infinity for no bound.
   */
  maxPages?: number | undefined;
}

/** Pages a paginator requests at most unless `maxPages` says otherwise. */
export const DEFAULT_MAX_PAGES = 10_000;

/** Every item of a list, across pages; `.byPage()` yields the pages (whole response bodies) instead. */
export interface PagedIterable<Item, Page> extends AsyncIterable<Item> {
  byPage(): AsyncIterableIterator<Page>;
}

/**
 * Thrown when a service answers a page in a way that would make paging loop
 * forever (a cursor or a page repeated, a total never reached) or when
 * `maxPages` pages did not reach the end. The message names the operation and the fix.
 */
export class PaginationError extends Error {
  override readonly name = 'PaginationError';
}

type PageCall<Params> = (
  params: Params,
  init: { signal?: AbortSignal | undefined; headers?: Record<string, string> | undefined },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * Iterates a list operation page by page as its spec declares. Never requests
 * a page twice; stops after the last page (an empty or short page, the
 * reported total, `hasMore: false`, or no next cursor); throws the
 * ServiceError of an error answer instead of retrying it.
 *
 * Guards against a service that would keep it paging forever, throwing a
 * PaginationError after yielding what arrived: a page with the same items as
 * the one before (the paging parameter was ignored), a cursor seen before, an
 * empty page while the reported total says more remain, and more than
 * `options.maxPages` pages (default 10 000).
 */
export function paginate<Params extends object, Page, Item>(
  operationId: string,
  call: PageCall<Params>,
  spec: PaginationSpec,
  params: Params,
  options: PaginateOptions = {},
): PagedIterable<Item, Page> {
  async function* pages(): AsyncGenerator<Page> {
    if (params !== undefined && (params === null || typeof params !== 'object')) {
      throw new InvalidInputError(operationId, `paginate${operationId} expects a parameters object; got ${String(params)}.`);
    }
    const { signal, headers, maxPages = DEFAULT_MAX_PAGES } = options;
    if (maxPages !== Infinity && !(Number.isSafeInteger(maxPages) && maxPages > 0)) {
      throw new InvalidInputError('options.maxPages', `paginate${operationId}: options.maxPages must be a positive whole number, or Infinity for no bound; got ${String(maxPages)}.`);
    }
    const base = { ...(params ?? {}) } as Record<string, unknown>;
    let position: unknown;
    let pageSize: number | undefined;
    switch (spec.scheme) {
      case 'offset':
        position = base[spec.offset] ?? 0;
        pageSize = positiveInteger(base[spec.limit]);
        break;
      case 'page':
        position = base[spec.page] ?? spec.firstPage ?? 0;
        pageSize = positiveInteger(base[spec.size]);
        break;
      case 'cursor':
        position = base[spec.cursor];
        pageSize = spec.limit ? positiveInteger(base[spec.limit]) : undefined;
        break;
    }
    const seenCursors = new Set<unknown>();
    // Items before this iteration's first page, when known: the total counts them too.
    let seen = spec.scheme === 'offset' ? Number(position) || 0 : spec.scheme === 'page' && pageSize ? ((position as number) - (spec.firstPage ?? 0)) * pageSize : 0;
    const counted =
      spec.scheme === 'offset' || (spec.scheme === 'cursor' ? position === undefined : seen > 0 || position === (spec.firstPage ?? 0));
    let previous: string | undefined;
    for (let pageNumber = 1; ; pageNumber++) {
      if (signal?.aborted) throw abortReason(signal);
      if (pageNumber > maxPages) {
        throw new PaginationError(
          `${operationId}: stopped after ${maxPages} pages (options.maxPages) before the last page; pass a larger maxPages (or Infinity) to paginate${operationId} to read further.`,
        );
      }
      const request = { ...base } as Record<string, unknown>;
      if (spec.scheme === 'offset') request[spec.offset] = position;
      else if (spec.scheme === 'page') request[spec.page] = position;
      else if (position !== undefined) {
        if (seenCursors.has(position)) {
          throw new PaginationError(
            `${operationId}: the service returned the cursor ${clean(JSON.stringify(position))} twice; stopping instead of requesting the same page again.`,
          );
        }
        seenCursors.add(position);
        request[spec.cursor] = position;
      }
      const result = await call(request as Params, { signal, headers });
      const failure = normalizeError(result);
      if (failure) throw failure;
      const page = result.data as Page;
      const found = readPath(page, spec.items);
      const items = Array.isArray(found) ? found : [];
      // The same items again: the service ignored the paging parameter and would answer so forever.
      const fingerprint = items.length > 0 ? JSON.stringify(items) : undefined;
      if (fingerprint !== undefined && fingerprint === previous) {
        throw new PaginationError(
          `${operationId}: page ${pageNumber} has the same items as page ${pageNumber - 1}; the service ignored the paging parameter, so paging stops here rather than request it forever. Read the first page alone (call the operation) instead.`,
        );
      }
      previous = fingerprint;
      yield page;
      seen += items.length;
      const total = spec.total ? readPath(page, spec.total) : undefined;
      if (items.length === 0) {
        if (counted && typeof total === 'number' && seen < total && !(spec.hasMore && readPath(page, spec.hasMore) === false)) {
          throw new PaginationError(
            `${operationId}: page ${pageNumber} is empty, but the service reported ${total} items and ${seen} arrived; the list changed while paging (iterate again) or the service miscounts (use .byPage() and stop at the first empty page).`,
          );
        }
        return;
      }
      if (spec.hasMore && readPath(page, spec.hasMore) === false) return;
      if (typeof total === 'number' && seen >= total) return;
      if (pageSize !== undefined && items.length < pageSize) return;
      if (spec.scheme === 'offset') position = (position as number) + items.length;
      else if (spec.scheme === 'page') position = (position as number) + 1;
      else {
        const last = items[items.length - 1];
        position = spec.nextCursor
          ? readPath(page, spec.nextCursor)
          : spec.cursorFrom
            ? readPath(last, spec.cursorFrom)
            : last;
        if (position === undefined || position === null || position === '') return;
      }
    }
  }
  return {
    byPage: pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) {
        const found = readPath(page, spec.items);
        if (Array.isArray(found)) yield* found as Item[];
      }
    },
  };
}
