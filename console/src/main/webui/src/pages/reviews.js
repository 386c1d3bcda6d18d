// #/reviews: uploads waiting for a decision, for datanet owners, validators and operators.
//
// Two different endpoints decide, depending on who acts:
// - the owner of an owner-reviewed datanet approves or rejects an upload PENDING_REVIEW there:
//   POST /api/uploads/{id}/review {decision: APPROVE|REJECT, comment?} on upload-service (202; the verdict
//   follows as upload.validated once validation-service has turned the decision into the next verdict version);
// - a validator or operator overrides any verdict: POST /api/reports/{id}/review {verdict: ACCEPTED|REJECTED,
//   comment (required)} on validation-service (200 with the new report).
// The lists come from the services (stores/reviews.js: a datanet's uploads for its owner, recent reports for
// validators and operators), read when the page opens and kept current by the live feed. An upload outside them (an
// older decision) can be looked up by its id.

import { h, replace, announce, placeRows, dropRows } from '../dom.js';
import { get, post, ApiError } from '../api.js';
import { EVENT, on, onResync } from '../events.js';
import { FormErrors, field, isAbort, controlCharacter, whileBusy } from '../forms.js';
import { reviewEntries, upsertReview, onReviewsChange, loadReviews, fromReport, decidedAt, RECENT_LIMIT } from '../stores/reviews.js';
import { datanetName, isOwner, onDatanetsChange } from '../stores/datanets.js';
import { hasRole } from '../session.js';
import { badge, card, pageHeader, flash, loading, errorBox } from '../ui.js';
import { ago, dateTime, percent } from '../format.js';
import { reasonChip } from '../reasons.js';
import { recordsDisclosure } from '../records.js';
import { me } from '../app.js';

/** Which endpoint this user would use on this entry, or null when they cannot act on it. */
function authority(entry) {
  if (entry.verdict === 'PENDING_REVIEW' && isOwner(entry.datanetId, me())) return 'owner';
  if (hasRole('validator', 'operator') && entry.verdict) return 'validator';
  return null;
}

/** One upload with its decision form; update() refreshes it in place so a half-typed comment survives. */
function reviewRow(initial) {
  let entry = initial;
  let sent = null; // the decision sent and not yet reflected in a verdict
  const comment = h('textarea', { testid: 'review-comment', name: 'comment', rows: 2, maxlength: 2000 });
  const approve = h('button', { type: 'button', class: 'button good', testid: 'review-approve' }, 'Approve');
  const reject = h('button', { type: 'button', class: 'button bad', testid: 'review-reject' }, 'Reject');
  const status = h('span', {});
  const meta = h('div', { class: 'review-meta' });
  const note = h('p', { class: 'note', role: 'status' });
  const commentField = field({ name: 'comment', label: 'Comment', control: comment });
  const form = h('form', { class: 'review-form', novalidate: true }, commentField, h('div', { class: 'form-actions' }, approve, reject), note);
  const errors = new FormErrors(form);
  // The records, read when the reviewer opens them: a decision is made with the data in view.
  const records = recordsDisclosure(entry.uploadId, () => ({ reasonCounts: entry.reasonCounts, fileName: entry.fileName }));
  const el = h('li', { class: 'review', testid: 'review-row', 'data-upload-id': entry.uploadId },
    h('div', { class: 'review-head' }, meta, status), records, form);

  const paint = () => {
    const who = authority(entry);
    const pending = entry.verdict === 'PENDING_REVIEW';
    // Only uploads awaiting a decision are review rows; settled ones (which a validator may override) are not.
    el.setAttribute('data-testid', pending ? 'review-row' : 'verdict-row');
    el.dataset.verdict = entry.verdict ?? 'RECEIVED';
    replace(status, badge(entry.verdict ?? 'RECEIVED', { testid: 'review-status' }));
    const counts = Object.entries(entry.reasonCounts ?? {});
    replace(meta, 
      h('strong', {}, entry.fileName ?? entry.uploadId),
      h('div', { class: 'sub' },
        h('a', { href: `#/datanets/${encodeURIComponent(entry.datanetId)}` }, datanetName(entry.datanetId)), ' · by ',
        h('a', { href: `#/contributors/${encodeURIComponent(entry.contributorId)}` }, entry.contributorId),
        decidedAt(entry) ? [' · ', h('time', { datetime: decidedAt(entry), title: dateTime(decidedAt(entry)) }, ago(decidedAt(entry)))] : null),
      entry.recordsTotal != null && h('div', { class: 'sub' },
        `${entry.recordsAccepted} of ${entry.recordsTotal} records passed · quality ${percent(entry.qualityScore)}`,
        entry.decidedBy && entry.decidedBy !== 'VALIDATION' ? ` · decided by ${entry.decidedBy === 'OWNER_REVIEW' ? 'the owner' : 'a validator'}` : ''),
      counts.length > 0 && h('div', { class: 'chips' }, counts.map(([code, n]) => reasonChip(code, n))));
    // Records exist once validation has judged the file.
    records.hidden = !entry.verdict;
    form.hidden = !who;
    if (!who) return;
    // A validator's override needs a reason; the owner's comment is optional (the services' rules).
    comment.required = who === 'validator';
    comment.placeholder = who === 'validator' ? 'Why you override the verdict (required)' : 'Optional note for the contributor';
    approve.textContent = who === 'owner' ? 'Approve' : 'Accept';
    // Many rows have the same controls: their names say which upload they act on.
    const what = entry.fileName ?? entry.uploadId;
    comment.setAttribute('aria-label', `Comment on ${what}`);
    approve.setAttribute('aria-label', `${approve.textContent} ${what}`);
    reject.setAttribute('aria-label', `Reject ${what}`);
    approve.hidden = !pending && entry.verdict === 'ACCEPTED';
    reject.hidden = !pending && entry.verdict === 'REJECTED';
    const waiting = Boolean(sent);
    approve.disabled = waiting;
    reject.disabled = waiting;
    note.textContent = waiting ? `${sent === 'APPROVE' ? 'Approval' : 'Rejection'} sent; waiting for the new verdict…` : '';
  };

  const decide = async (approveIt, button) => {
    errors.clear();
    const who = authority(entry);
    const text = comment.value.trim();
    const problems = {};
    if (who === 'validator' && !text) problems.comment = 'a comment (1-2000 characters) explains the override';
    else if (text.length > 2000) problems.comment = 'must be at most 2000 characters';
    else if (controlCharacter(text, true)) problems.comment = controlCharacter(text, true);
    if (errors.show(problems)) return;
    try {
      if (who === 'owner') {
        await whileBusy(button, () => untilVerdictKnown(() => post('upload', `/api/uploads/${encodeURIComponent(entry.uploadId)}/review`,
          { decision: approveIt ? 'APPROVE' : 'REJECT', comment: text })));
        sent = approveIt ? 'APPROVE' : 'REJECT';
        announce(`Decision sent for ${entry.fileName ?? entry.uploadId}.`);
      } else {
        const report = await whileBusy(button, () => post('validation', `/api/reports/${encodeURIComponent(entry.uploadId)}/review`,
          { verdict: approveIt ? 'ACCEPTED' : 'REJECTED', comment: text }));
        upsertReview(fromReport(report));
        announce(`${entry.fileName ?? entry.uploadId} is now ${report.verdict}.`);
      }
      comment.value = '';
      paint();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        // Someone else decided first (already-reviewed, not-pending-review, verdict-unchanged): show the truth.
        errors.problem(err);
        get('validation', `/api/reports/${encodeURIComponent(entry.uploadId)}`).then((r) => upsertReview(fromReport(r))).catch(() => {});
      } else {
        errors.problem(err);
      }
    }
  };
  approve.addEventListener('click', () => decide(true, approve));
  reject.addEventListener('click', () => decide(false, reject));
  form.addEventListener('submit', (e) => e.preventDefault());

  paint();
  return {
    el,
    update(next) {
      const changed = next.verdict !== entry.verdict || next.verdictVersion !== entry.verdictVersion;
      entry = next;
      if (changed) {
        sent = null;
        flash(el);
      }
      paint();
    },
  };
}

function lookupForm() {
  const input = h('input', { type: 'text', name: 'uploadId', testid: 'review-lookup', autocomplete: 'off', class: 'mono', placeholder: 'upload id' });
  const button = h('button', { type: 'submit', class: 'button' }, 'Look up');
  const form = h('form', { class: 'form inline', novalidate: true, 'aria-label': 'Look up an upload' },
    field({ name: 'uploadId', label: 'Upload id', control: input }), button);
  const errors = new FormErrors(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    const id = input.value.trim();
    if (!id) return errors.show({ uploadId: 'is required' });
    try {
      const report = await whileBusy(button, () => get('validation', `/api/reports/${encodeURIComponent(id)}`));
      // Pinned: shown however old its decision, and kept when the lists are read again.
      upsertReview({ ...fromReport(report), pinned: true });
      input.value = '';
      announce(`${report.fileName} added to the list.`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) errors.show({ uploadId: 'no report you may see has this id (it may still be validating)' }, 'Not found.');
      else errors.problem(err);
    }
  });
  return form;
}

/**
 * Sends an owner's decision, again while upload-service answers verdict-not-yet-known: it learns the verdict from the
 * same event that put the upload in this queue, and may learn it a moment later. Gives up after about ten seconds.
 */
async function untilVerdictKnown(send) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (err) {
      const lagging = err instanceof ApiError && err.status === 409 && String(err.problem.type).endsWith('/verdict-not-yet-known');
      if (!lagging || attempt >= 10) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

export default {
  name: 'reviews',
  title: 'Reviews',
  render(root, params, { signal }) {
    const rows = new Map(); // uploadId -> row
    const pendingList = h('ol', { class: 'reviews', 'aria-live': 'polite', 'aria-relevant': 'additions' });
    const recentList = h('ol', { class: 'reviews' });
    const pendingEmpty = h('p', { class: 'empty' }, 'Nothing is waiting for your review.');
    const recentEmpty = h('p', { class: 'empty' }, 'Nothing decided yet.');
    const status = h('div', {}, loading());
    const validator = hasRole('validator', 'operator');
    let loaded = false;

    const paint = () => {
      const entries = reviewEntries();
      const time = (e) => Date.parse(decidedAt(e)) || 0;
      // The queue oldest first (first come, first served); decisions newest first, with any looked up by hand.
      const pending = entries.filter((e) => e.verdict === 'PENDING_REVIEW').sort((a, b) => time(a) - time(b));
      const recent = entries.filter((e) => e.verdict && e.verdict !== 'PENDING_REVIEW').sort((a, b) => time(b) - time(a))
        .filter((e, i) => i < RECENT_LIMIT || e.pinned);
      const place = (list, items) => {
        placeRows(list, rows, items, (entry) => entry.uploadId, reviewRow);
        // Items now fill the first positions in order; whatever follows left this list (for the other, or for good).
        while (list.children.length > items.length) list.lastElementChild.remove();
      };
      place(pendingList, pending);
      place(recentList, recent);
      const shown = new Set([...pending, ...recent].map((e) => e.uploadId));
      dropRows(rows, shown);
      // Until the first load answers, "nothing waiting" would be a guess.
      pendingEmpty.hidden = !loaded || pending.length > 0;
      recentEmpty.hidden = !loaded || recent.length > 0;
      recentCount.textContent = loaded ? `(${recent.length})` : '';
    };

    const load = async () => {
      try {
        await loadReviews(signal);
        loaded = true;
        status.replaceChildren();
        paint();
      } catch (err) {
        if (!isAbort(err)) replace(status, errorBox(err, () => { replace(status, loading()); load(); }));
      }
    };

    // A validator's work is the queue: the decided uploads (many, across every datanet) stay folded away until asked
    // for. An owner's few decisions stay open.
    const recentCount = h('span', { testid: 'recent-count' });
    const decided = validator
      ? h('details', { class: 'decided', testid: 'recent-decided' }, h('summary', {}, 'Show recent verdicts ', recentCount), recentEmpty, recentList)
      : [recentEmpty, recentList];
    root.append(
      pageHeader('Reviews', validator
        ? 'Uploads waiting for a decision, and recent verdicts you may override as a validator.'
        : 'Uploads to your owner-reviewed datanets that passed validation wait here for your decision.'),
      card('Waiting for review', status, pendingEmpty, pendingList),
      card('Recently decided', h('p', { class: 'hint' }, validator
        ? 'Override a verdict with a comment; the contributor sees it in their upload\'s history.'
        : 'Decisions on uploads to your datanets.'), decided),
      card('Find an upload', h('p', { class: 'hint' }, 'Older decisions are not listed here. Look one up by its upload id.'), lookupForm()));

    paint();
    load();

    const subscriptions = [
      onReviewsChange(paint),
      onDatanetsChange(paint),
      on(EVENT.uploadReviewed, () => paint()),
      // Events missed while the stream was down are not replayed: read the lists again.
      onResync(() => load()),
    ];
    return () => subscriptions.forEach((u) => u());
  },
};
