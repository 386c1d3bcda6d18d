// Form plumbing shared by every form: labelled fields, per-field error messages wired to their controls for
// assistive technology, a general error line, and the mapping of a server problem onto both. Error elements exist
// only while there is an error, so "is there an error?" is simply "is the element there?".

import { h, replace, uid } from './dom.js';
import { ApiError } from './api.js';

/**
 * A labelled field. `name` is the API's field name: server errors naming it land here. `control` is an input,
 * select or textarea (it gets an id if it has none); for a group of checkboxes pass `group: true` and a list of
 * controls, which become a fieldset with a legend.
 */
export function field({ name, label, control, hint, group = false, className }) {
  const hintId = hint ? uid('hint') : null;
  const slot = h('div', { class: 'field-error-slot', 'data-error-slot': name });
  if (group) {
    const fs = h('fieldset', { class: ['field', className], 'data-field-name': name, 'aria-describedby': hintId },
      h('legend', {}, label), h('div', { class: 'choices' }, control), hint && h('p', { class: 'hint', id: hintId }, hint), slot);
    return fs;
  }
  if (!control.id) control.id = uid(name);
  control.dataset.fieldName = name;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: ['field', className] },
    h('label', { for: control.id }, label), control, hint && h('p', { class: 'hint', id: hintId }, hint), slot);
}

export class FormErrors {
  constructor(form) {
    this.form = form;
    this.general = h('div', { class: 'form-error-slot' });
    form.prepend(this.general);
  }

  clear() {
    this.general.replaceChildren();
    for (const slot of this.form.querySelectorAll('[data-error-slot]')) slot.replaceChildren();
    for (const el of this.form.querySelectorAll('[aria-invalid]')) {
      el.removeAttribute('aria-invalid');
      const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => !id.startsWith('err-'));
      if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
      else el.removeAttribute('aria-describedby');
    }
  }

  /** Shows a message at the field; false when the form has no such field (the caller shows it generally). */
  field(name, message) {
    const slot = this.form.querySelector(`[data-error-slot="${CSS.escape(name)}"]`);
    if (!slot) return false;
    const id = uid('err');
    slot.append(h('p', { class: 'field-error', testid: 'field-error', 'data-field': name, id }, message));
    const controls = this.form.querySelectorAll(`[data-field-name="${CSS.escape(name)}"]`);
    for (const el of controls) {
      el.setAttribute('aria-invalid', 'true');
      const described = el.getAttribute('aria-describedby');
      el.setAttribute('aria-describedby', described ? `${described} ${id}` : id);
    }
    return true;
  }

  /** The general error line (role=alert, so it is announced). */
  message(text) {
    replace(this.general, h('p', { class: 'form-error', testid: 'form-error', role: 'alert' }, text));
  }

  /** Client-side errors {field: message}; focuses the first invalid control. True when there were any. */
  show(errors, summary = 'Please correct the highlighted fields.') {
    const names = Object.keys(errors);
    if (names.length === 0) return false;
    const leftover = [];
    for (const name of names) {
      if (!this.field(name, errors[name])) leftover.push(`${name} ${errors[name]}`);
    }
    this.message(leftover.length ? `${summary} ${leftover.join('; ')}` : summary);
    this.focusFirstInvalid();
    return true;
  }

  /** A failed request: the problem's per-field errors at their fields, its detail as the general message. */
  problem(error) {
    if (!(error instanceof ApiError)) {
      this.message(error?.message || 'Something went wrong.');
      return;
    }
    const fields = error.fieldErrors;
    const leftover = [];
    for (const [name, message] of Object.entries(fields)) {
      if (!this.field(name, message)) leftover.push(`${name}: ${message}`);
    }
    const title = error.problem.title || `Error ${error.status}`;
    const detail = error.problem.detail && error.problem.detail !== title ? error.problem.detail : '';
    const text = [`${title}${detail ? ` — ${detail}` : ''}`, ...leftover].join('. ');
    this.message(text);
    if (Object.keys(fields).length) this.focusFirstInvalid();
  }

  focusFirstInvalid() {
    const first = this.form.querySelector('[aria-invalid="true"]');
    if (!first) return;
    const target = first.tagName === 'FIELDSET' ? first.querySelector('input, select, textarea') : first;
    target?.focus();
  }
}

/** Disables a form's submit button while a request runs, so a double click cannot send twice. */
export async function whileBusy(button, fn) {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
  }
}

/** Rejects control characters the services refuse in one-line values (TextInput.whyNotALine). */
export function controlCharacter(value, multiline = false) {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    const control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
    if (control && !(multiline && (c === 9 || c === 10 || c === 13))) {
      return `must not contain control characters (U+${c.toString(16).toUpperCase().padStart(4, '0')} at ${i})`;
    }
  }
  return null;
}

/** A number input's value, or null when empty, NaN when not a number. */
export function numberValue(input) {
  const raw = input.value.trim();
  if (raw === '') return null;
  return Number(raw);
}

export const isAbort = (e) => e?.name === 'AbortError';

/**
 * A button for what cannot be undone: its first click shows `warning` and a second button, whose click runs
 * `action` (busy while it runs); an error is shown in the warning's place. Test ids: `testid` and `${testid}-confirm`.
 */
export function confirmedAction({ ask, confirm, warning, testid, action }) {
  const confirmButton = h('button', { type: 'button', class: 'button bad', testid: `${testid}-confirm`, hidden: true }, confirm);
  const askButton = h('button', { type: 'button', class: 'button subtle', testid }, ask);
  const note = h('p', { class: 'note', role: 'status', hidden: true });
  askButton.addEventListener('click', () => {
    confirmButton.hidden = false;
    note.hidden = false;
    note.textContent = warning;
    confirmButton.focus();
  });
  confirmButton.addEventListener('click', async () => {
    try {
      await whileBusy(confirmButton, action);
    } catch (err) {
      note.hidden = false;
      note.setAttribute('role', 'alert');
      note.textContent = err.message;
    }
  });
  return [h('div', { class: 'form-actions' }, askButton, confirmButton), note];
}
