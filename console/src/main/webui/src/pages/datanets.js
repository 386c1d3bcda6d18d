// #/datanets: every datanet, and the form that defines a new one (the creator becomes its owner).
// API: GET /api/datanets (via the shared store), POST /api/datanets. Live: datanet.defined adds and redraws rows.
// Found by words in name, description, tags or owner, 20 to a page (the store holds every datanet: see stores/).

import { h, replace, announce, placeRows, dropRows } from '../dom.js';
import { replaceQuery } from '../router.js';
import { post, svc } from '../api.js';
import { field, FormErrors, whileBusy, controlCharacter, numberValue } from '../forms.js';
import { list, loadDatanets, onDatanetsChange, upsertDatanet } from '../stores/datanets.js';
import { card, pageHeader, table, loading, errorBox, flash, debounce } from '../ui.js';
import { ago, dateTime, percent } from '../format.js';
import { me } from '../app.js';

/** CreateDatanetRequest.SUPPORTED_FILE_TYPES, most common first. */
export const FILE_TYPES = ['jsonl', 'csv', 'txt', 'md', 'pdf', 'docx'];
const TAG = /^[a-z0-9][a-z0-9-]{0,31}$/;
// The licences upload-service accepts (Hugging Face's identifiers; its Licenses.java): all of them, so a datanet's
// own is always one the form can show and keep.
const LICENSES = [
  ['unknown', 'Not named'], ['cc0-1.0', 'CC0 1.0 (public domain)'], ['cc-by-4.0', 'CC BY 4.0'],
  ['cc-by-sa-4.0', 'CC BY-SA 4.0'], ['cc-by-nc-4.0', 'CC BY-NC 4.0'], ['cc-by-nc-sa-4.0', 'CC BY-NC-SA 4.0'],
  ['cc-by-nd-4.0', 'CC BY-ND 4.0'], ['cc-by-nc-nd-4.0', 'CC BY-NC-ND 4.0'], ['cc-by-3.0', 'CC BY 3.0'],
  ['cc-by-sa-3.0', 'CC BY-SA 3.0'], ['odc-by', 'ODC-By'], ['odbl', 'ODbL'], ['pddl', 'PDDL'],
  ['cdla-permissive-2.0', 'CDLA Permissive 2.0'], ['cdla-sharing-1.0', 'CDLA Sharing 1.0'], ['apache-2.0', 'Apache 2.0'],
  ['mit', 'MIT'], ['bsd-3-clause', 'BSD 3-Clause'], ['gpl-3.0', 'GPL 3.0'], ['openrail', 'OpenRAIL'],
  ['other', 'Other (say which in the description)'],
];

/** ValidationThresholds.KNOWN: the record thresholds a datanet may set, with their bounds. */
const THRESHOLDS = [
  ['minChars', 'Min characters per record', 1, 100000, true],
  ['maxChars', 'Max characters per record', 1, 1000000, true],
  ['minWords', 'Min words per record', 1, 10000, true],
  ['minMeanWordLength', 'Min mean word length', 1, 20, false],
  ['maxMeanWordLength', 'Max mean word length', 1, 50, false],
  ['maxSymbolToWordRatio', 'Max symbol-to-word ratio', 0, 1, false],
  ['minAlphaWordShare', 'Min share of words with a letter', 0, 1, false],
  ['minPunctuatedLineShare', 'Min share of punctuated lines', 0, 1, false],
  ['maxDuplicateLineShare', 'Max share of repeated lines', 0, 1, false],
  ['maxTopBigramShare', 'Max top 2-gram share', 0, 1, false],
  ['maxDuplicateFiveGramShare', 'Max duplicated 5-gram share', 0, 1, false],
  ['nearDuplicateJaccard', 'Near-duplicate Jaccard', 0.5, 1, false],
  ['paraphraseCosine', 'Paraphrase meaning cosine', 0.3, 1, false],
  ['minRelevance', 'Min relevance to the topic (cosine)', -1, 1, false],
];

const PAGE_SIZE = 20;

/** The datanets whose name, description, tags or owner hold every word of `text` (any case). */
export function matching(datanets, text) {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return datanets;
  return datanets.filter((d) => {
    const haystack = [d.name, d.description, d.ownerId, ...(d.tags ?? [])].join(' ').toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

function row(d, mine) {
  return h('tr', { testid: 'datanet-row', 'data-id': d.id },
    h('th', { scope: 'row' }, h('a', { href: `#/datanets/${encodeURIComponent(d.id)}` }, d.name),
      d.archivedAt && h('span', { class: 'pill', testid: 'datanet-archived' }, 'archived'),
      d.description && h('div', { class: 'sub' }, d.description.length > 120 ? `${d.description.slice(0, 119)}…` : d.description)),
    h('td', {}, d.ownerId, d.ownerId === mine && h('span', { class: 'pill' }, 'you')),
    h('td', {}, (d.fileTypes ?? []).map((t) => h('span', { class: 'chip' }, t))),
    h('td', {}, d.reviewMode === 'owner' ? 'Owner' : 'Automatic', h('div', { class: 'sub' }, `${percent(d.acceptanceThreshold)} must pass`)),
    h('td', { class: 'nowrap' }, h('time', { datetime: d.createdAt, title: dateTime(d.createdAt) }, ago(d.createdAt))));
}

/** Mirrors CreateDatanetRequest.validated(): the same rules, so most mistakes never reach the server. */
export function validateDatanet(v) {
  const errors = {};
  if (!v.name) errors.name = 'is required';
  else if (v.name.length > 100) errors.name = 'must be at most 100 characters';
  else if (controlCharacter(v.name)) errors.name = controlCharacter(v.name);
  if (v.description.length > 2000) errors.description = 'must be at most 2000 characters';
  else if (controlCharacter(v.description, true)) errors.description = controlCharacter(v.description, true);
  if (v.tags.length > 10) errors.tags = 'at most 10 tags';
  const badTag = v.tags.find((t) => !TAG.test(t));
  if (badTag !== undefined) errors.tags = `tags are 1-32 characters of a-z, 0-9 and '-': ${badTag}`;
  if (v.acceptanceThreshold !== null && !(v.acceptanceThreshold >= 0 && v.acceptanceThreshold <= 1)) {
    errors.acceptanceThreshold = 'must be between 0 and 1';
  }
  for (const [key, , min, max, integer] of THRESHOLDS) {
    const value = v.validation[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < min || value > max) errors[`validation.${key}`] = `must be between ${min} and ${max}`;
    else if (integer && !Number.isInteger(value)) errors[`validation.${key}`] = 'must be a whole number';
  }
  return errors;
}

/**
 * The definition form: empty for a new datanet (POST /api/datanets), filled with `datanet` to change it
 * (PUT /api/datanets/{id} with If-Match of the version shown, so a change made meanwhile by someone else is not
 * overwritten: the service answers 412 and the form says so). `onSaved` gets the service's answer.
 */
export function definitionForm({ datanet = null, onSaved }) {
  const editing = Boolean(datanet);
  const name = h('input', { testid: 'datanet-name', name: 'name', type: 'text', maxlength: 100, required: true, autocomplete: 'off', value: datanet?.name });
  const description = h('textarea', { testid: 'datanet-description', name: 'description', rows: 3, maxlength: 2000 }, datanet?.description ?? '');
  const tags = h('input', { testid: 'datanet-tags', name: 'tags', type: 'text', autocomplete: 'off', placeholder: 'cooking, recipes', value: datanet ? datanet.tags.join(', ') : undefined });
  const typeBoxes = FILE_TYPES.map((t) => h('input', {
    type: 'checkbox', name: 'fileTypes', value: t, testid: `datanet-type-${t}`, 'data-field-name': 'fileTypes',
    checked: editing ? datanet.fileTypes.includes(t) : ['jsonl', 'csv', 'txt', 'md'].includes(t),
  }));
  const reviewMode = h('select', { testid: 'datanet-review-mode', name: 'reviewMode', value: datanet?.reviewMode ?? 'auto' },
    h('option', { value: 'auto' }, 'Automatic'),
    h('option', { value: 'owner' }, 'Owner review'));
  const license = h('select', { testid: 'datanet-license', name: 'license', value: datanet?.license ?? 'unknown' },
    LICENSES.map(([value, label]) => h('option', { value }, label)));
  const threshold = h('input', { testid: 'datanet-threshold', name: 'acceptanceThreshold', type: 'number', min: 0, max: 1, step: 0.05, value: String(datanet?.acceptanceThreshold ?? 0.8), inputmode: 'decimal' });
  const thresholdInputs = THRESHOLDS.map(([key, label, min, max, integer]) => field({
    name: `validation.${key}`,
    label,
    control: h('input', { type: 'number', name: key, min, max, step: integer ? 1 : 'any', testid: `datanet-validation-${key}`, placeholder: 'service default', value: datanet?.validation?.[key] != null ? String(datanet.validation[key]) : undefined }),
  }));
  const submit = h('button', { type: 'submit', class: 'button primary', testid: editing ? 'datanet-save' : 'datanet-create' }, editing ? 'Save changes' : 'Create datanet');

  const form = h('form', { class: 'form', novalidate: true, 'aria-label': editing ? `Change ${datanet.name}` : 'New datanet' },
    field({ name: 'name', label: 'Name', control: name }),
    field({ name: 'description', label: 'Description', control: description, hint: 'What belongs in this datanet; at most 2000 characters.' }),
    field({ name: 'tags', label: 'Tags', control: tags, hint: 'Comma-separated, up to 10; a-z, 0-9 and hyphens.' }),
    field({ name: 'license', label: 'Licence', control: license, hint: 'What people who take the data out may do with it; named on every export.' }),
    field({
      name: 'fileTypes', label: 'Accepted file types', group: true,
      control: typeBoxes.map((box) => h('label', { class: 'choice' }, box, ` .${box.value}`)),
      hint: 'Leave all unticked to accept every supported type.',
    }),
    h('div', { class: 'row' },
      field({ name: 'reviewMode', label: 'Review mode', control: reviewMode, hint: 'Owner review: you approve each upload that passes validation.' }),
      field({ name: 'acceptanceThreshold', label: 'Acceptance threshold', control: threshold, hint: 'Share of records (0–1) that must pass.' })),
    h('details', { class: 'advanced', open: editing && Object.keys(datanet.validation ?? {}).length > 0 },
      h('summary', {}, 'Record thresholds (optional)'),
      h('p', { class: 'hint' }, 'Override validation\'s defaults for this datanet; empty fields keep the service defaults.'),
      h('div', { class: 'grid-2' }, thresholdInputs)),
    editing && h('p', { class: 'hint' }, 'Changes apply to uploads that arrive from now on; uploads already in keep the definition they arrived under.'),
    h('div', { class: 'form-actions' }, submit));
  const errors = new FormErrors(form);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    const validation = {};
    for (const input of form.querySelectorAll('.advanced input')) {
      const value = numberValue(input);
      if (value !== null) validation[input.name] = value;
    }
    const values = {
      name: name.value.trim(),
      description: description.value.trim(),
      tags: [...new Set(tags.value.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))],
      fileTypes: typeBoxes.filter((b) => b.checked).map((b) => b.value),
      reviewMode: reviewMode.value,
      acceptanceThreshold: numberValue(threshold),
      validation,
      license: license.value,
    };
    const problems = validateDatanet(values);
    if (problems['validation.minChars'] || Object.keys(problems).some((k) => k.startsWith('validation.'))) {
      form.querySelector('.advanced').open = true;
    }
    if (errors.show(problems)) return;
    const body = { ...values, acceptanceThreshold: values.acceptanceThreshold ?? undefined };
    try {
      const saved = await whileBusy(submit, () => (editing
        ? svc('upload', 'PUT', `/api/datanets/${encodeURIComponent(datanet.id)}`, { json: body, headers: { 'If-Match': `"${datanet.version ?? 1}"` } })
        : post('upload', '/api/datanets', body)));
      if (!editing) form.reset();
      onSaved(saved);
    } catch (err) {
      if (Object.keys(err.fieldErrors ?? {}).some((k) => k.startsWith('validation.'))) form.querySelector('.advanced').open = true;
      errors.problem(err);
    }
  });
  return form;
}

export default {
  name: 'datanets',
  title: 'Datanets',
  render(root, params, { query, signal }) {
    const listArea = h('div', {}, loading());
    const status = h('p', { class: 'notice', role: 'status', hidden: true });
    const rowEls = new Map(); // id -> {el}
    let tableWrap = null;

    // Keyed: existing rows stay the same elements, new ones are inserted (and highlighted when they arrive live).
    // Search and pages, kept in the address (#/datanets?q=kitchen&page=2) so a reload or a link shows the same.
    const search = h('input', { type: 'search', name: 'q', testid: 'datanet-search', autocomplete: 'off', value: query.q, placeholder: 'name, description, tag or owner' });
    const pageStatus = h('span', { class: 'note', role: 'status', testid: 'datanet-page' });
    const previous = h('button', { type: 'button', class: 'button subtle', testid: 'datanet-previous' }, 'Previous');
    const next = h('button', { type: 'button', class: 'button subtle', testid: 'datanet-next' }, 'Next');
    let page = Math.max(0, (Number.parseInt(query.page, 10) || 1) - 1);

    const paint = () => {
      if (signal.aborted) return; // the user has left: the address is another page's now
      const items = matching(list(), search.value);
      const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
      page = Math.min(page, pages - 1);
      const shown = items.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
      const mine = me();
      const firstPaint = !tableWrap;
      if (!tableWrap) {
        tableWrap = table({ caption: 'Datanets', columns: ['Name', 'Owner', 'File types', 'Review', 'Created'], rows: [], empty: 'No datanets yet. Create the first one.' });
        replace(listArea, tableWrap);
      }
      const created = placeRows(tableWrap.tbody, rowEls, shown, (d) => d.id, (d) => {
        const el = row(d, mine);
        // A new version (an edit, archiving) redraws the row in place.
        return { el, update: (fresh) => el.replaceChildren(...row(fresh, mine).childNodes) };
      });
      dropRows(rowEls, new Set(shown.map((d) => d.id)));
      if (!firstPaint) created.forEach((r) => flash(r.el));
      tableWrap.sync();
      const empty = tableWrap.querySelector('.empty');
      empty.textContent = search.value.trim() ? 'No datanet matches.' : 'No datanets yet. Create the first one.';
      pageStatus.textContent = items.length === 0 ? '' : `${page * PAGE_SIZE + 1}–${page * PAGE_SIZE + shown.length} of ${items.length}`;
      previous.disabled = page === 0;
      next.disabled = page >= pages - 1;
      replaceQuery({ q: search.value.trim(), page: page > 0 ? String(page + 1) : '' });
    };
    const searchSoon = debounce(() => { page = 0; paint(); }, 200);
    search.addEventListener('input', searchSoon);
    previous.addEventListener('click', () => { page -= 1; paint(); });
    next.addEventListener('click', () => { page += 1; paint(); });
    const finder = h('div', { class: 'toolbar' },
      h('label', { for: 'datanet-search' }, 'Find'), search, previous, next, pageStatus);
    search.id = 'datanet-search';

    const form = definitionForm({ onSaved: (created) => {
      upsertDatanet(created);
      const message = `Datanet “${created.name}” created. You own it.`;
      status.hidden = false;
      replace(status, `${message} `, h('a', { href: `#/datanets/${encodeURIComponent(created.id)}` }, 'Open it'));
      announce(message);
    } });

    root.append(
      pageHeader('Datanets', 'Domain datasets people contribute to. Whoever creates one owns it.'),
      h('div', { class: 'split' },
        card('All datanets', finder, listArea),
        card('New datanet', status, form)));

    loadDatanets().then(paint).catch((err) => replace(listArea, errorBox(err, () => loadDatanets({ force: true }).then(paint))));
    const unsubscribe = onDatanetsChange(paint);
    return () => {
      unsubscribe();
      searchSoon.cancel();
    };
  },
};
