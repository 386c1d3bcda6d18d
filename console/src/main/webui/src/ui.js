// Building blocks the pages share: headings, cards, tables, status badges, loading and error states.

import { h } from './dom.js';
import { ApiError } from './api.js';

export function pageHeader(title, lead, ...actions) {
  return h('div', { class: 'page-header' },
    h('div', {}, h('h1', {}, title), lead && h('p', { class: 'lead' }, lead)),
    actions.length ? h('div', { class: 'actions' }, actions) : null);
}

/**
 * Puts `header` (a pageHeader) in place of the one in `container`, keeping the focus on the page heading if it was
 * there: the router focuses a new page's heading, and a page that learns its title only after loading (a datanet, a
 * job) would otherwise drop that focus to the document's start.
 */
export function replaceHeader(container, header) {
  const focused = document.activeElement !== null && document.activeElement === container.querySelector('h1');
  container.replaceChildren(header);
  const heading = container.querySelector('h1');
  if (focused && heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

export function card(title, ...children) {
  const headingId = title ? `card-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : null;
  return h('section', { class: 'card', 'aria-labelledby': headingId },
    title && h('h2', { id: headingId }, title), children);
}

/** A table; `rows` are <tr> elements made by the caller (they carry the test ids and live updates). */
export function table({ caption, columns, rows, empty = 'Nothing here yet.', tbodyAttrs = {} }) {
  const tbody = h('tbody', tbodyAttrs, rows);
  const wrap = h('div', { class: 'table-wrap' },
    h('table', {},
      caption && h('caption', { class: 'sr-only' }, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.className }, c.label ?? c)))),
      tbody),
    h('p', { class: 'empty', hidden: rows.length > 0 }, empty));
  wrap.tbody = tbody;
  // Keeps the "empty" line in step when rows are added or removed live.
  wrap.sync = () => { wrap.querySelector('.empty').hidden = tbody.children.length > 0; };
  return wrap;
}

const STATUS_TONE = {
  ACCEPTED: 'good', SUCCEEDED: 'good', APPROVE: 'good',
  REJECTED: 'bad', FAILED: 'bad', REJECT: 'bad',
  PENDING_REVIEW: 'warn', RUNNING: 'info', RECEIVED: 'info', QUEUED: 'muted', CANCELLED: 'muted', WITHDRAWN: 'muted',
  RESTRICTED: 'bad', NEW: 'muted', TRUSTED: 'info', EXPERT: 'good',
};

/** A status as the API names it (ACCEPTED, RUNNING, ...): the text stays the API's name, colour is extra. */
export function badge(status, attrs = {}) {
  return h('span', { class: ['badge', `tone-${STATUS_TONE[status] ?? 'muted'}`], ...attrs }, status ?? '–');
}

export function setBadge(el, status) {
  el.textContent = status ?? '–';
  el.className = `badge tone-${STATUS_TONE[status] ?? 'muted'}`;
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

/** An error in place of content that could not be loaded, with the problem's detail. */
export function errorBox(error, retry) {
  const status = error instanceof ApiError ? error.status : 0;
  const title = status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Could not load this';
  return h('div', { class: 'error-box', role: 'alert' },
    h('strong', {}, title), ' ', error?.message ?? '',
    retry && h('button', { type: 'button', class: 'button subtle', onClick: retry }, 'Try again'));
}

/** A definition list of label/value pairs. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([label, value, attrs]) => [
    h('dt', {}, label), h('dd', attrs ?? {}, value)]));
}

/** Briefly highlights an element that changed live (skipped when the user prefers reduced motion: CSS). */
export function flash(el) {
  if (!el) return;
  el.classList.remove('flash');
  void el.offsetWidth; // restart the animation
  el.classList.add('flash');
}

/** Runs fn once a burst of calls has been quiet for `ms`, with the latest arguments: a burst of events, one reload. */
export function debounce(fn, ms = 400) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}
