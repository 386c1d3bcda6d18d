// What a reviewer has to look at. No service lists the uploads awaiting someone's review (upload-service lists only
// the caller's own uploads; validation-service reads reports one id at a time), so the queue is collected from the
// live feed: every verdict this user may act on (their datanets' uploads for an owner, all for validators and
// operators). It is kept in localStorage per user so it survives reloads and sign-outs, and every entry is
// re-checked against its report when the Reviews page opens, which drops what someone else decided meanwhile.
//
// Uploads whose events reached this browser while someone else was signed in (say the contributor, on a shared
// machine) are remembered by id too, device-wide; a reviewer adopts those of their datanets, and the check against
// the report (404 unless this user may see it) keeps them from showing anything the reviewer may not see.

import { EVENT, on } from '../events.js';
import { isOwner } from './datanets.js';

const MAX_ENTRIES = 300;
const SEEN_KEY = 'datanet.console.seenUploads';
const MAX_SEEN = 200;
let key = null;
let subject = null;
let reviewer = false; // validator or operator
let entries = new Map(); // uploadId -> entry
const listeners = new Set();
let unsubscribe = [];

function save() {
  if (!key) return;
  try {
    localStorage.setItem(key, JSON.stringify([...entries.values()]));
  } catch {
    // Storage full or disabled: the queue still works for this visit.
  }
}

function changed() {
  save();
  for (const fn of listeners) fn();
}

function trim() {
  if (entries.size <= MAX_ENTRIES) return;
  // Drop the oldest settled entries first; pending ones are what the page is for.
  const sorted = [...entries.values()].sort((a, b) => String(a.updatedAt).localeCompare(String(b.updatedAt)));
  for (const e of sorted) {
    if (entries.size <= MAX_ENTRIES) break;
    if (e.verdict !== 'PENDING_REVIEW') entries.delete(e.uploadId);
  }
}

function relevant(datanetId) {
  return reviewer || isOwner(datanetId, subject);
}

/** Adds or updates an entry; an older verdict version never replaces a newer one. */
export function upsertReview(update) {
  const old = entries.get(update.uploadId);
  if (old && update.verdictVersion != null && old.verdictVersion != null && update.verdictVersion < old.verdictVersion) return;
  entries.set(update.uploadId, { ...old, ...update, updatedAt: new Date().toISOString() });
  trim();
  changed();
}

export function removeReview(uploadId) {
  if (entries.delete(uploadId)) changed();
}

export function reviewEntries() {
  return [...entries.values()];
}

export function onReviewsChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Remembers an upload seen on the feed, whoever was signed in: ids and where they went, nothing else. */
function rememberSeen(data) {
  try {
    const seen = JSON.parse(localStorage.getItem(SEEN_KEY) ?? '[]').filter((e) => e.uploadId !== data.uploadId);
    seen.unshift({ uploadId: data.uploadId, datanetId: data.datanetId, contributorId: data.contributorId });
    localStorage.setItem(SEEN_KEY, JSON.stringify(seen.slice(0, MAX_SEEN)));
  } catch {
    // best effort
  }
}

/**
 * Adds the device's remembered uploads this user may review to their queue, unverified (the Reviews page checks
 * each against its report). Needs the datanets loaded, to know which this user owns.
 */
export function adoptSeen() {
  let seen;
  try {
    seen = JSON.parse(localStorage.getItem(SEEN_KEY) ?? '[]');
  } catch {
    return;
  }
  let added = false;
  for (const e of seen) {
    if (entries.has(e.uploadId) || !relevant(e.datanetId)) continue;
    entries.set(e.uploadId, { ...e, verdict: null, adopted: true, updatedAt: new Date(0).toISOString() });
    added = true;
  }
  if (added) {
    trim();
    changed();
  }
}

export function startReviews(session) {
  stopReviews();
  subject = session.subject;
  reviewer = session.roles.includes('validator') || session.roles.includes('operator');
  key = `datanet.console.reviews.${subject}`;
  try {
    const stored = JSON.parse(localStorage.getItem(key) ?? '[]');
    entries = new Map(stored.map((e) => [e.uploadId, e]));
  } catch {
    entries = new Map();
  }
  unsubscribe = [
    on(EVENT.uploadReceived, ({ data }) => {
      rememberSeen(data);
      if (!relevant(data.datanetId)) return;
      upsertReview({
        uploadId: data.uploadId, datanetId: data.datanetId, contributorId: data.contributorId,
        fileName: data.fileName, sizeBytes: data.sizeBytes, receivedAt: data.receivedAt,
        verdict: entries.get(data.uploadId)?.verdict ?? null,
      });
    }),
    on(EVENT.uploadValidated, ({ data }) => {
      rememberSeen(data);
      // An owner's own uploads stay in: in an owner-reviewed datanet nobody else can settle them.
      if (!relevant(data.datanetId)) return;
      upsertReview({
        uploadId: data.uploadId, datanetId: data.datanetId, contributorId: data.contributorId,
        verdict: data.verdict, verdictVersion: data.verdictVersion, decidedBy: data.decidedBy,
        qualityScore: data.qualityScore, recordsTotal: data.recordsTotal, recordsAccepted: data.recordsAccepted,
        reasonCounts: data.reasonCounts, validatedAt: data.validatedAt, reviewerId: data.reviewerId,
        comment: data.comment,
      });
    }),
  ];
}

export function stopReviews() {
  unsubscribe.forEach((u) => u());
  unsubscribe = [];
  entries = new Map();
  key = null;
}
