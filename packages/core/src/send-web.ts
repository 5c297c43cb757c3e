// How requests leave the process outside Node (the `default` condition of
// `#send`): the runtime's own fetch, looked up per call so polyfills and
// instrumentation installed later are honoured.
export interface SendInit extends RequestInit {
  timeoutMs?: number;
  duplex?: 'half' | undefined;
  maxBytes?: number | undefined;
}

/** fetch has no time limit of its own: the transport adds a signal per attempt. */
export const enforcesTimeout = false;

export function defaultSend(request: Request, init?: SendInit): Promise<Response> {
  if (typeof globalThis.fetch !== 'function') {
    return Promise.reject(new TypeError('No global fetch in this runtime: pass options.fetch to the client.'));
  }
  return globalThis.fetch(request, init);
}
