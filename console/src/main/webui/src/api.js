// Talking to the console back end. Everything is same-origin: /console/* is the back end's own contract and
// /svc/<service>/<path> is its authenticated proxy to the four services, so the browser never holds a token (the
// session is an HttpOnly cookie) and no CORS is involved.

const SERVICES = { upload: '/svc/upload', validation: '/svc/validation', reputation: '/svc/reputation', training: '/svc/training' };

/** An HTTP error with the RFC 9457 problem body the services send (or one made up from the status line). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /**
   * Per-field messages: `errors` (an object of field -> message, as the datanet definition's 422 has) and the single
   * `field` member most other 4xx answers name; the latter carries its message in `detail`.
   */
  get fieldErrors() {
    const out = {};
    const { errors, field } = this.problem;
    if (errors && typeof errors === 'object' && !Array.isArray(errors)) {
      for (const [name, message] of Object.entries(errors)) out[name] = String(message);
    }
    if (typeof field === 'string' && !(field in out)) out[field] = this.problem.detail || this.message;
    return out;
  }
}

let onUnauthorized = () => {};
/** Called when a proxied call answers 401: the session ended (expired or signed out elsewhere). */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

function url(path, query) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

async function problemOf(response) {
  const type = response.headers.get('content-type') ?? '';
  try {
    if (type.includes('json')) return await response.json();
    const text = await response.text();
    return { status: response.status, title: response.statusText, detail: text.trim().slice(0, 500) || undefined };
  } catch {
    return { status: response.status, title: response.statusText };
  }
}

/** fetch() with the console's failures: ApiError for a network error or a refusal (its problem), 401 reported. */
async function send(target, init) {
  let response;
  try {
    response = await fetch(target, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'Network error', detail: 'the console could not be reached; check your connection' });
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && target.startsWith('/svc/')) onUnauthorized();
    throw new ApiError(response.status, problem);
  }
  return response;
}

/**
 * One JSON request. Resolves with the parsed body (null for an empty one), rejects with ApiError. `json` is sent as
 * the body; `signal` aborts (pages abort their requests when the user navigates away).
 */
export async function request(method, path, { query, json, signal, headers } = {}) {
  const init = { method, signal, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  }
  const response = await send(url(path, query), init);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** A call to one of the services through the proxy: svc('upload', 'GET', '/api/datanets'). */
export function svc(service, method, path, options) {
  return request(method, SERVICES[service] + path, options);
}

export const get = (service, path, query, signal) => svc(service, 'GET', path, { query, signal });
export const post = (service, path, json, options = {}) => svc(service, 'POST', path, { json, ...options });

/**
 * Every item of a paginated list ({items, page, size, total}), page by page at the largest page size the services
 * allow. `limit` caps how many are read, so a huge list cannot stall a page.
 */
export async function getAll(service, path, query = {}, { signal, limit = 1000 } = {}) {
  const items = [];
  for (let page = 0; ; page += 1) {
    const body = await get(service, path, { ...query, page, size: 100 }, signal);
    items.push(...body.items);
    if (body.items.length === 0 || items.length >= body.total || items.length >= limit) return items;
  }
}

/**
 * A POST whose answer is a stream of server-sent events (a generation's text as it comes): `onEvent` gets each
 * event's data, parsed as JSON. Resolves when the stream ends; rejects with ApiError when the service refuses
 * (problem JSON, before any event) or the stream breaks.
 */
export async function postForEvents(service, path, json, onEvent, signal) {
  const response = await send(SERVICES[service] + path, {
    method: 'POST', signal, credentials: 'same-origin',
    headers: { Accept: 'text/event-stream', 'Content-Type': 'application/json' },
    body: JSON.stringify(json),
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const data = buffer.slice(0, end).split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
      buffer = buffer.slice(end + 2);
      if (data) onEvent(JSON.parse(data));
    }
  }
}

/** Where a browser download of a service file goes (same-origin, the cookie authenticates). */
export function downloadUrl(service, path) {
  return SERVICES[service] + path;
}

/**
 * Uploads a file as the multipart field `file`, with XMLHttpRequest because fetch() cannot report upload
 * progress. onProgress receives a fraction in [0,1]. The Idempotency-Key makes a retried POST (after a dropped
 * connection) return the first result instead of a duplicate-upload 409.
 */
export function uploadFile(datanetId, file, { onProgress, idempotencyKey } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${SERVICES.upload}/api/datanets/${encodeURIComponent(datanetId)}/uploads`);
    xhr.setRequestHeader('Accept', 'application/json');
    if (idempotencyKey) xhr.setRequestHeader('Idempotency-Key', idempotencyKey);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = { title: xhr.statusText, detail: xhr.responseText.slice(0, 500) };
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(body);
      } else {
        if (xhr.status === 401) onUnauthorized();
        const error = new ApiError(xhr.status, body);
        // 429 says when trying again can succeed (the limit's reset, or a minute for pending uploads).
        error.retryAfter = Number(xhr.getResponseHeader('Retry-After')) || null;
        reject(error);
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { title: 'Network error', detail: 'the upload was interrupted; try again' })));
    xhr.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** A random key for one upload attempt. */
export function newIdempotencyKey() {
  return globalThis.crypto?.randomUUID?.() ?? `k-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
