// How requests leave the process outside Node (the `default` condition of
// `#send`): the runtime's own fetch, looked up per call so polyfills and
// instrumentation installed later are honoured.
export function defaultSend(request: Request, init?: RequestInit): Promise<Response> {
  if (typeof globalThis.fetch !== 'function') {
    return Promise.reject(new TypeError('No global fetch in this runtime: pass options.fetch to the client.'));
  }
  return globalThis.fetch(request, init);
}
