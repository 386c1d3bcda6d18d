// All datanets, shared by every page that names or picks one (selects, owner checks, names in tables). Read once
// after sign-in, then kept current by datanet.defined events instead of being re-read on each page.

import { getAll } from '../api.js';
import { EVENT, on, onResync } from '../events.js';

const byId = new Map();
const listeners = new Set();
let loading = null;
let loaded = false;
let unsubscribe = [];

function changed() {
  for (const fn of listeners) fn();
}

/** The DatanetDefined event payload in the shape GET /api/datanets answers with. */
function fromEvent(d) {
  const view = {
    id: d.datanetId,
    name: d.name,
    description: d.description ?? '',
    ownerId: d.ownerId,
    tags: d.tags ?? [],
    fileTypes: d.fileTypes ?? [],
    reviewMode: d.reviewMode,
    acceptanceThreshold: d.acceptanceThreshold,
    validation: d.validationThresholds ?? {},
    version: d.version ?? 1,
    definedAt: d.definedAt,
    archivedAt: d.archivedAt ?? null,
  };
  // A first version is defined when the datanet is created; a later one leaves the creation time as it was.
  if (view.version === 1) view.createdAt = d.definedAt;
  return view;
}

export function upsertDatanet(view) {
  const known = byId.get(view.id);
  // The API's answer and the event of one change arrive in either order: an older version never overwrites a newer.
  if (known && (known.version ?? 1) > (view.version ?? 1)) return;
  byId.set(view.id, { ...known, ...view });
  changed();
}

/** Open datanets: the ones that take uploads (archived ones keep their data, and take none). */
export function openDatanets() {
  return list().filter((d) => !d.archivedAt);
}

export async function loadDatanets({ force = false } = {}) {
  if (loaded && !force) return list();
  if (!loading) {
    loading = getAll('upload', '/api/datanets')
      .then((items) => {
        for (const d of items) byId.set(d.id, d);
        loaded = true;
        changed();
        return list();
      })
      .finally(() => { loading = null; });
  }
  return loading;
}

/** Newest first. */
export function list() {
  return [...byId.values()].sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')));
}

export function datanet(id) {
  return byId.get(id) ?? null;
}

export function datanetName(id) {
  return byId.get(id)?.name ?? id;
}

export function ownsAny(subject) {
  return [...byId.values()].some((d) => d.ownerId === subject);
}

export function isOwner(datanetId, subject) {
  return byId.get(datanetId)?.ownerId === subject;
}

export function onDatanetsChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function startDatanets() {
  stopDatanets();
  unsubscribe = [
    on(EVENT.datanetDefined, (e) => upsertDatanet(fromEvent(e.data))),
    onResync(() => loadDatanets({ force: true }).catch(() => {})),
  ];
  return loadDatanets({ force: true }).catch(() => []);
}

export function stopDatanets() {
  unsubscribe.forEach((u) => u());
  unsubscribe = [];
  byId.clear();
  loaded = false;
}
