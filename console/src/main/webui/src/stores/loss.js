// Training-loss history per job. GET /api/jobs/{id} has only the latest step and loss, and training.status events
// (every ~2 s while a job runs) are the only source of the curve, so the points are collected from the feed for
// every job, whichever page is open, and kept in localStorage so the curve survives a reload. A job seen for the
// first time mid-run therefore starts its curve where the user joined; its earlier points are nowhere to be read.

import { EVENT, on } from '../events.js';

const INDEX_KEY = 'datanet.console.loss.index';
const MAX_JOBS = 40;
const MAX_POINTS = 5000;
const listeners = new Set();
let unsubscribe = [];

const keyOf = (jobId) => `datanet.console.loss.${jobId}`;

/** [{step, loss}] sorted by step. */
export function lossPoints(jobId) {
  try {
    return JSON.parse(localStorage.getItem(keyOf(jobId)) ?? '[]').map(([step, loss]) => ({ step, loss }));
  } catch {
    return [];
  }
}

function touchIndex(jobId) {
  let index;
  try {
    index = JSON.parse(localStorage.getItem(INDEX_KEY) ?? '[]');
  } catch {
    index = [];
  }
  index = [jobId, ...index.filter((id) => id !== jobId)];
  for (const old of index.slice(MAX_JOBS)) localStorage.removeItem(keyOf(old));
  localStorage.setItem(INDEX_KEY, JSON.stringify(index.slice(0, MAX_JOBS)));
}

/** Records the loss at a step. A resumed job restarts from its last checkpoint: later points it redoes go. */
export function addLossPoint(jobId, step, loss) {
  if (!jobId || !Number.isFinite(step) || step <= 0 || !Number.isFinite(loss)) return;
  let points = lossPoints(jobId).filter((p) => p.step < step);
  points.push({ step, loss });
  if (points.length > MAX_POINTS) points = points.slice(points.length - MAX_POINTS);
  try {
    localStorage.setItem(keyOf(jobId), JSON.stringify(points.map((p) => [p.step, p.loss])));
    touchIndex(jobId);
  } catch {
    // Storage full: the live page still shows what it received.
  }
  for (const fn of listeners) fn(jobId);
}

export function onLossChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function startLoss() {
  stopLoss();
  unsubscribe = [
    on(EVENT.trainingStatus, ({ data }) => {
      if (data.loss != null) addLossPoint(data.jobId, data.step, data.loss);
    }),
  ];
}

export function stopLoss() {
  unsubscribe.forEach((u) => u());
  unsubscribe = [];
}
