// The training loss curve of one job: first the history training-service recorded (GET /api/jobs/{id}/progress: the
// point of every progress heartbeat, one per step, thinned evenly past 1000 points), then the job's live
// training.status events appended as they arrive, one point per step.
//
// A step going backwards on the feed means a resumed attempt re-running steps from its checkpoint after a crash: the
// service dropped the dead attempt's points past that checkpoint when the new attempt took the job, so the points
// after the new step go here too, and the history is read again.

import { get } from '../api.js';
import { EVENT, on } from '../events.js';

/**
 * Follows one job's curve while its page is open. `onChange` is called whenever the points change; `load()` (again
 * after the live stream reconnects) reads the history; `points()` is [{step, loss}] in step order; `stop()` ends it.
 */
export function lossCurve(jobId, { signal, onChange = () => {} } = {}) {
  const byStep = new Map(); // step -> loss
  let loaded = false;
  let loading = 0; // history requests in flight
  let recent = []; // live points since the oldest request in flight was sent
  let reload = null;

  const lastStep = () => {
    let last = 0;
    for (const step of byStep.keys()) if (step > last) last = step;
    return last;
  };

  /** One point; true when it went back before the last one (a resumed attempt), whose later points then go. */
  const apply = (step, loss) => {
    const back = step < lastStep();
    if (back) for (const s of [...byStep.keys()]) if (s > step) byStep.delete(s);
    byStep.set(step, loss); // the same step again replaces its point
    return back;
  };

  async function load() {
    loading += 1;
    try {
      const history = await get('training', `/api/jobs/${encodeURIComponent(jobId)}/progress`, {}, signal);
      byStep.clear();
      for (const p of history.points ?? []) byStep.set(p.step, p.loss);
      // The feed's points during the request, in order, from where the history ends (a gap inside the history is
      // a thinned-out point, not a missing one).
      const end = lastStep();
      for (const p of recent) if (p.step > end) apply(p.step, p.loss);
      loaded = true;
      onChange();
    } finally {
      loading -= 1;
      if (loading === 0) recent = [];
    }
  }

  function live(step, loss) {
    if (loading > 0) recent.push({ step, loss });
    if (!loaded) return;
    if (apply(step, loss) && !reload) {
      // The service forgot the dead attempt's points when the new attempt took the job: read what it kept.
      reload = load().catch(() => {}).finally(() => { reload = null; });
    }
    onChange();
  }

  const unsubscribe = on(EVENT.trainingStatus, ({ data }) => {
    // Progress heartbeats are the RUNNING events with a step and a loss: the points the service keeps.
    if (data.jobId !== jobId || data.status !== 'RUNNING') return;
    if (!(data.step > 0) || !Number.isFinite(data.loss)) return;
    live(data.step, data.loss);
  });

  return {
    load,
    points: () => [...byStep.entries()].sort((a, b) => a[0] - b[0]).map(([step, loss]) => ({ step, loss })),
    stop: unsubscribe,
  };
}
