// The live feed: one EventSource on /console/events for the whole app (the cookie authenticates it; the server
// sends only what this user may see). Pages subscribe by CloudEvent type and unsubscribe when they go away.
//
// EventSource retries by itself after a network error, but gives up for good when the server answers with an
// error status (e.g. 401 after the session ended, 502 while the console restarts). So a closed stream is reopened
// here with backoff, after checking the session is still valid. Events missed while the stream was down are not
// replayed by the browser, so listeners of 'resync' reload their data whenever the stream comes back.

import { request, ApiError } from './api.js';

export const EVENT = {
  uploadReceived: 'io.datanet.upload.received.v1',
  uploadReviewed: 'io.datanet.upload.reviewed.v1',
  uploadValidated: 'io.datanet.upload.validated.v1',
  reputationUpdated: 'io.datanet.reputation.updated.v1',
  trainingStatus: 'io.datanet.training.status.changed.v1',
  attributionComputed: 'io.datanet.attribution.computed.v1',
  datanetDefined: 'io.datanet.datanet.defined.v1',
};

const ALL_TYPES = Object.values(EVENT);
const RESYNC = 'resync';

const listeners = new Map(); // type -> Set<fn>
const statusListeners = new Set();
const seen = new Set(); // recent event ids: a reconnect may deliver an event twice
const seenOrder = [];

let source = null;
let status = 'offline'; // 'connecting' | 'live' | 'reconnecting' | 'offline'
let wanted = false;
let retryTimer = null;
let attempt = 0;
let everOpened = false;
let dropped = false;
let onSessionGone = () => {};

function setStatus(next) {
  if (status === next) return;
  status = next;
  for (const fn of statusListeners) fn(status);
}

function emit(type, event) {
  for (const fn of [...(listeners.get(type) ?? [])]) {
    try {
      fn(event);
    } catch (e) {
      // One broken view must not stop the others from updating.
      console.error('event listener failed', type, e);
    }
  }
}

function remember(id) {
  if (!id) return true;
  if (seen.has(id)) return false;
  seen.add(id);
  seenOrder.push(id);
  if (seenOrder.length > 2000) seen.delete(seenOrder.shift());
  return true;
}

function handle(message) {
  let envelope;
  try {
    envelope = JSON.parse(message.data);
  } catch {
    return; // not ours (a comment-like keep-alive or a malformed frame)
  }
  if (!envelope || typeof envelope !== 'object') return;
  const type = envelope.type || message.type;
  if (!remember(envelope.id)) return;
  emit(type, { id: envelope.id, type, time: envelope.time, data: envelope.data ?? {} });
}

function open() {
  clearTimeout(retryTimer);
  if (source) source.close();
  setStatus(everOpened ? 'reconnecting' : 'connecting');
  const es = new EventSource('/console/events', { withCredentials: true });
  source = es;
  for (const type of ALL_TYPES) es.addEventListener(type, handle);
  es.addEventListener('message', handle); // an event without an `event:` name still carries its type inside
  es.addEventListener('open', () => {
    attempt = 0;
    setStatus('live');
    if (everOpened && dropped) emit(RESYNC, {});
    everOpened = true;
    dropped = false;
  });
  es.addEventListener('error', () => {
    if (source !== es) return;
    dropped = true;
    if (es.readyState === EventSource.CLOSED) {
      scheduleReopen();
    } else {
      setStatus('reconnecting'); // the browser retries by itself
    }
  });
}

async function scheduleReopen() {
  if (!wanted) return;
  setStatus('reconnecting');
  source?.close();
  source = null;
  attempt += 1;
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt - 1, 5));
  const delay = base / 2 + Math.random() * base / 2; // jitter: many tabs must not reconnect in step
  clearTimeout(retryTimer);
  retryTimer = setTimeout(async () => {
    if (!wanted) return;
    try {
      await request('GET', '/console/session');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        onSessionGone();
        return;
      }
      // Anything else (the console is restarting): keep trying.
    }
    if (wanted) open();
  }, delay);
}

/** Starts the feed (after sign-in). `sessionGone` is called when reconnecting finds the session ended. */
export function connect(sessionGone) {
  onSessionGone = sessionGone ?? onSessionGone;
  wanted = true;
  if (!source) open();
}

/** Stops the feed (sign-out). */
export function disconnect() {
  wanted = false;
  clearTimeout(retryTimer);
  source?.close();
  source = null;
  everOpened = false;
  dropped = false;
  attempt = 0;
  setStatus('offline');
}

/** Listens to one CloudEvent type (see EVENT) or 'resync'; returns the unsubscribe function. */
export function on(type, fn) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(fn);
  return () => listeners.get(type)?.delete(fn);
}

export function onResync(fn) {
  return on(RESYNC, fn);
}

export function onStatus(fn) {
  statusListeners.add(fn);
  fn(status);
  return () => statusListeners.delete(fn);
}

export function liveStatus() {
  return status;
}

// Coming back online or to a tab whose stream died while hidden: do not wait out the backoff.
window.addEventListener('online', () => {
  if (wanted && status !== 'live') open();
});
document.addEventListener('visibilitychange', () => {
  if (wanted && document.visibilityState === 'visible' && (!source || source.readyState === EventSource.CLOSED)) open();
});
