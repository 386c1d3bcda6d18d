// What a reviewer has to look at, read from the services and kept current by the live feed:
// - validators and operators: the reports waiting for review and the most recent ones
//   (validation-service GET /api/reports?verdict=&page=&size=, for validators and operators only);
// - datanet owners: the uploads PENDING_REVIEW in their owner-reviewed datanets and the latest uploads of each of their
//   datanets (upload-service GET /api/datanets/{id}/uploads?status=&page=&size=, for the owner and operators only).
// loadReviews() reads them when the Reviews page opens and again when the live stream comes back (events missed while
// it was down are not replayed); in between, upload.validated events add, update and settle entries, without polling.

import { ApiError, get, getAll } from '../api.js';
import { EVENT, on } from '../events.js';
import { isOwner, list as datanetList, loadDatanets } from './datanets.js';

/** How many decided uploads the page shows, and so how many each source is asked for. */
export const RECENT_LIMIT = 30;
const MAX_PENDING = 500;
const MAX_SETTLED = 200;

let subject = null;
let reviewer = false; // validator or operator
let entries = new Map(); // uploadId -> entry
const listeners = new Set();
let unsubscribe = [];
let loadNumber = 0; // a load that a newer one (or a sign-out) overtook must not land
let liveDuringLoad = null; // uploadId -> entry: what the feed said while a load was in flight

/** When an entry's current verdict was reached (or, before any, when it was received). */
export function decidedAt(entry) {
  return entry.decidedAt ?? entry.validatedAt ?? entry.receivedAt ?? '';
}

/** A report, whole (GET /api/reports/{id}, a validator's review) or summarised (GET /api/reports), as an entry. */
export function fromReport(r) {
  return {
    uploadId: r.uploadId, datanetId: r.datanetId, contributorId: r.contributorId, fileName: r.fileName,
    verdict: r.verdict, verdictVersion: r.verdictVersion, decidedBy: r.decidedBy, qualityScore: r.qualityScore,
    recordsTotal: r.recordsTotal, recordsAccepted: r.recordsAccepted, reasonCounts: r.reasonCounts,
    validatedAt: r.validatedAt, decidedAt: r.decidedAt ?? r.history?.at(-1)?.decidedAt ?? r.validatedAt,
  };
}

/** An upload (GET /api/datanets/{id}/uploads) as an entry; RECEIVED means not judged yet, so no verdict. */
function fromUpload(u) {
  return {
    uploadId: u.id, datanetId: u.datanetId, contributorId: u.contributorId, fileName: u.fileName,
    verdict: u.status === 'RECEIVED' ? null : u.status, qualityScore: u.qualityScore, reasonCounts: u.reasonCounts,
    receivedAt: u.receivedAt, decidedAt: u.decidedAt,
  };
}

/** The upload.validated event payload as an entry (its validatedAt is when this verdict version was decided). */
function fromEvent(d) {
  return {
    uploadId: d.uploadId, datanetId: d.datanetId, contributorId: d.contributorId,
    verdict: d.verdict, verdictVersion: d.verdictVersion, decidedBy: d.decidedBy,
    qualityScore: d.qualityScore, recordsTotal: d.recordsTotal, recordsAccepted: d.recordsAccepted,
    reasonCounts: d.reasonCounts, decidedAt: d.validatedAt,
  };
}

/** Adds or updates an entry in `map`; an older verdict version never replaces a newer one. */
function merge(map, update) {
  const old = map.get(update.uploadId);
  if (old?.verdictVersion != null && update.verdictVersion != null && update.verdictVersion < old.verdictVersion) return false;
  map.set(update.uploadId, { ...old, ...update });
  return true;
}

/**
 * Keeps every pending entry, those looked up by hand, and the newest settled ones: a validator's feed carries every
 * upload of the platform.
 */
function trim() {
  const time = (e) => Date.parse(decidedAt(e)) || 0;
  const settled = [...entries.values()].filter((e) => e.verdict !== 'PENDING_REVIEW' && !e.pinned)
    .sort((a, b) => time(b) - time(a));
  for (const e of settled.slice(MAX_SETTLED)) entries.delete(e.uploadId);
}

function changed() {
  for (const fn of listeners) fn();
}

function relevant(datanetId) {
  return reviewer || isOwner(datanetId, subject);
}

/** Adds or updates an entry (a report just read or returned by a review). */
export function upsertReview(update) {
  liveDuringLoad?.set(update.uploadId, { ...liveDuringLoad.get(update.uploadId), ...update });
  if (merge(entries, update)) {
    trim();
    changed();
  }
}

export function reviewEntries() {
  return [...entries.values()];
}

export function onReviewsChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Validators and operators: every report waiting for review, and the latest reports. */
async function fromReports(signal) {
  const [pending, recent] = await Promise.all([
    getAll('validation', '/api/reports', { verdict: 'PENDING_REVIEW' }, { signal, limit: MAX_PENDING }),
    get('validation', '/api/reports', { size: RECENT_LIMIT }, signal).then((page) => page.items),
  ]);
  return [...recent, ...pending].map(fromReport);
}

/**
 * Datanet owners: the uploads waiting in each of their owner-reviewed datanets (the only ones where anything waits
 * for the owner), and the latest uploads of each of their datanets.
 */
async function fromOwnDatanets(signal) {
  const own = datanetList().filter((d) => d.ownerId === subject);
  const path = (d) => `/api/datanets/${encodeURIComponent(d.id)}/uploads`;
  const lists = await Promise.all([
    ...own.filter((d) => d.reviewMode === 'owner').map((d) => getAll('upload', path(d), { status: 'PENDING_REVIEW' }, { signal, limit: MAX_PENDING })),
    ...own.map((d) => get('upload', path(d), { size: RECENT_LIMIT }, signal).then((page) => page.items)),
  ]);
  const uploads = new Map(lists.flat().map((u) => [u.id, u]));
  // upload-service learns a verdict from the same upload.validated event the live feed carries, and may learn it a
  // moment later: an upload it still calls RECEIVED may already be judged, its event seen before this page opened
  // (ConsoleBrowserIT's owner missed a waiting upload that way). The report is the verdict's source: ask it.
  const judged = await Promise.all([...uploads.values()].filter((u) => u.status === 'RECEIVED')
    .map((u) => get('validation', `/api/reports/${encodeURIComponent(u.id)}`, {}, signal)
      .then(fromReport, (err) => { if (err instanceof ApiError && err.status === 404) return null; throw err; })));
  return [...[...uploads.values()].map(fromUpload), ...judged.filter(Boolean)].filter((e) => e.verdict);
}

/**
 * Reads the queue afresh: what was decided meanwhile, anywhere, replaces what this browser held. Entries the feed
 * updated while the requests were in flight keep the feed's word (it is at least as new as what was read).
 */
export async function loadReviews(signal) {
  const mine = ++loadNumber;
  liveDuringLoad = new Map();
  try {
    // Read afresh: which datanets are the owner's decides what is asked for, and one made a moment ago (here, or in
    // another tab) may not be in the list read earlier (ConsoleBrowserIT missed a new datanet's queue that way).
    await loadDatanets({ force: true });
    const loaded = reviewer ? await fromReports(signal) : await fromOwnDatanets(signal);
    if (mine !== loadNumber) return;
    const fresh = new Map();
    // Entries looked up by hand stay (refreshed by what was read, if anything).
    for (const e of entries.values()) if (e.pinned) fresh.set(e.uploadId, e);
    for (const e of loaded) merge(fresh, e);
    for (const e of liveDuringLoad.values()) merge(fresh, e);
    entries = fresh;
    trim();
    changed();
  } finally {
    if (mine === loadNumber) liveDuringLoad = null;
  }
}

export function startReviews(session) {
  stopReviews();
  subject = session.subject;
  reviewer = session.roles.includes('validator') || session.roles.includes('operator');
  unsubscribe = [
    on(EVENT.uploadValidated, ({ data }) => {
      // An owner's own uploads count too: in an owner-reviewed datanet nobody else settles them.
      if (relevant(data.datanetId)) upsertReview(fromEvent(data));
    }),
  ];
}

export function stopReviews() {
  unsubscribe.forEach((u) => u());
  unsubscribe = [];
  entries = new Map();
  loadNumber += 1;
  liveDuringLoad = null;
  subject = null;
  reviewer = false;
}
