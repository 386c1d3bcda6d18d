// An upload's records as validation read them (validation-service GET /api/reports/{id}/records): each record's
// text, or its prompt and completion, the failing ones marked with why they were dropped (in words) and, for a copy,
// the record it repeats. Filtered by passed/failed or by one reason, a page at a time: what an owner or a validator
// reads before deciding, and what a contributor reads to see what to fix. Who may read them is who may read the
// report; the service answers 404 to anyone else.

import { h, replace, uid, announce } from './dom.js';
import { get } from './api.js';
import { isAbort } from './forms.js';
import { loading, errorBox } from './ui.js';
import { reasonText } from './reasons.js';

const PAGE_SIZE = 20;

/** The query a filter value stands for: '' all, 'failed', 'passed', or 'reason:<code>'. */
function query(filter) {
  if (filter === 'failed' || filter === 'passed') return { verdict: filter };
  if (filter.startsWith('reason:')) return { reason: filter.slice('reason:'.length) };
  return {};
}

function recordItem(record) {
  const failed = !record.passed;
  const body = record.prompt != null || record.completion != null
    ? h('dl', { class: 'record-pair' },
      h('dt', {}, 'Prompt'), h('dd', {}, h('pre', { class: 'record-text' }, record.prompt ?? '')),
      h('dt', {}, 'Completion'), h('dd', {}, h('pre', { class: 'record-text' }, record.completion ?? '')))
    : h('pre', { class: 'record-text' }, record.text ?? '');
  return h('li', {
    class: ['record', failed ? 'failed' : 'passed'], testid: 'record', 'data-record': record.record,
    'data-passed': String(record.passed),
  },
  h('div', { class: 'record-head' },
    h('strong', {}, `Record ${record.record}`),
    h('span', { class: ['badge', failed ? 'tone-bad' : 'tone-good'] }, failed ? 'dropped' : 'passed')),
  failed && h('ul', { class: 'record-reasons' }, record.reasons.map((code) =>
    h('li', { testid: 'record-reason', 'data-reason': code }, reasonText(code), ' ', h('code', {}, code)))),
  record.copyOf && h('p', { class: 'note' },
    `Repeats record ${record.copyOf.record} of upload `, h('code', {}, record.copyOf.uploadId),
    ` by ${record.copyOf.contributorId}.`),
  body);
}

/**
 * The viewer for one upload; `reasonCounts` (the report's) offers each reason as a filter. It reads the first page
 * when it is built: build it when the reader asks for the records.
 */
export function recordsViewer(uploadId, { reasonCounts = {}, fileName, signal } = {}) {
  const selectId = uid('records-filter');
  const filter = h('select', { id: selectId, testid: 'records-filter' },
    h('option', { value: '' }, 'All records'),
    h('option', { value: 'failed' }, 'Dropped records'),
    h('option', { value: 'passed' }, 'Passed records'),
    Object.entries(reasonCounts).map(([code, n]) =>
      h('option', { value: `reason:${code}` }, `Dropped because ${reasonText(code)} (${n})`)));
  const list = h('ol', { class: 'records', 'aria-label': `Records of ${fileName ?? uploadId}` });
  const summary = h('p', { class: 'note', role: 'status', testid: 'records-summary' });
  const more = h('button', { type: 'button', class: 'button subtle', testid: 'records-more', hidden: true }, 'Show more');
  const status = h('div', {});
  let page = 0;
  let generation = 0; // a filter changed while a page was on its way: that page is dropped

  const load = async (reset) => {
    const mine = reset ? ++generation : generation;
    if (reset) {
      page = 0;
      list.replaceChildren();
    }
    replace(status, loading('Reading the records…'));
    more.hidden = true;
    try {
      const result = await get('validation', `/api/reports/${encodeURIComponent(uploadId)}/records`,
        { ...query(filter.value), page, size: PAGE_SIZE }, signal);
      if (mine !== generation) return;
      status.replaceChildren();
      list.append(...result.items.map(recordItem));
      page += 1;
      const shown = list.children.length;
      summary.textContent = result.total === 0 ? 'No records match.' : `Showing ${shown} of ${result.total} records.`;
      more.hidden = shown >= result.total;
      if (reset) announce(summary.textContent);
    } catch (err) {
      if (mine === generation && !isAbort(err)) replace(status, errorBox(err, () => load(reset)));
    }
  };
  filter.addEventListener('change', () => load(true));
  more.addEventListener('click', () => load(false));

  const el = h('div', { class: 'records-viewer', testid: 'records-viewer', 'data-upload-id': uploadId },
    h('div', { class: 'records-toolbar' }, h('label', { for: selectId }, 'Show'), filter, summary),
    list, status, more);
  load(true);
  return el;
}

/**
 * A closed disclosure that builds the viewer the first time it is opened (a list of uploads reads no records until
 * someone asks), then keeps it: closing and opening again keeps the filter and the pages read. `options` is asked for
 * the viewer's options when it is built.
 */
export function recordsDisclosure(uploadId, options = () => ({})) {
  const details = h('details', { class: 'records-disclosure', testid: 'records-disclosure' },
    h('summary', { testid: 'records-open' }, 'Read the records'));
  details.addEventListener('toggle', () => {
    // The options as they are now: a row's report may have been judged since the row was drawn.
    if (details.open && !details.querySelector('.records-viewer')) details.append(recordsViewer(uploadId, options()));
  });
  return details;
}
