// #/upload: send files to a datanet with a progress bar, then watch their verdicts arrive.
// API: POST /api/datanets/{id}/uploads (multipart `file`, XMLHttpRequest for progress), GET /api/uploads (mine),
// GET /api/quota, GET /api/reports/{uploadId} (validation-service: the reasons of every rejected record).
// Live: upload.received / upload.validated / upload.reviewed of my uploads update their rows and the quota;
// reputation.updated of me can change my tier and so my limits.

import { h, replace, announce } from '../dom.js';
import { replaceQuery } from '../router.js';
import { get, getAll, post, uploadFile, newIdempotencyKey, ApiError } from '../api.js';
import { EVENT, on, onResync } from '../events.js';
import { confirmedAction, field, FormErrors, isAbort } from '../forms.js';
import { openDatanets as datanets, loadDatanets, datanet as findDatanet, datanetName, onDatanetsChange } from '../stores/datanets.js';
import { badge, setBadge, card, debounce, errorBox, loading, pageHeader, flash } from '../ui.js';
import { ago, bytes, dateTime, duration, percent } from '../format.js';
import { reasonText, reasonChip } from '../reasons.js';
import { recordsDisclosure } from '../records.js';
import { me } from '../app.js';

const DEFAULT_MAX_FILE = 5 * 1024 * 1024;

function extension(name) {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The same early checks upload-service makes (type by extension, size, empty), before any byte is sent. */
function checkFile(file, target, maxFileBytes) {
  const ext = extension(file.name);
  const accepted = target?.fileTypes ?? [];
  if (!ext) return 'needs a file name with an extension';
  if (accepted.length && !accepted.includes(ext)) return `'.${ext}' files are not accepted by this datanet (it takes ${accepted.map((t) => `.${t}`).join(', ')})`;
  if (file.size === 0) return 'the file is empty';
  if (file.size > maxFileBytes) return `a file may be at most ${bytes(maxFileBytes)}; this one is ${bytes(file.size)}`;
  return null;
}

export default {
  name: 'upload',
  title: 'Upload',
  render(root, params, { signal, query }) {
    const uploads = new Map(); // id -> {view, el, version}
    const reports = new Map(); // id -> Promise<report>
    let quota = null;

    // ---- the upload form -------------------------------------------------------------------------------
    const select = h('select', { testid: 'upload-datanet', name: 'datanetId', required: true });
    const typesHint = h('p', { class: 'hint', id: 'upload-types-hint' });
    const input = h('input', { type: 'file', id: 'upload-file-input', testid: 'upload-file', name: 'file', multiple: true, 'aria-describedby': 'upload-types-hint', 'data-field-name': 'file' });
    const progress = h('progress', { testid: 'upload-progress', max: 100, value: 0, 'aria-label': 'Upload progress' });
    const progressText = h('p', { class: 'progress-text', role: 'status', 'aria-live': 'polite' }, 'No upload in progress.');
    const dropzone = h('div', { class: 'dropzone', testid: 'upload-dropzone' },
      h('div', { class: 'dropzone-icon', 'aria-hidden': 'true' }, '⇪'),
      h('p', {}, h('strong', {}, 'Drop files here'), ' or choose them:'),
      input);
    const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Upload a file' },
      field({ name: 'datanetId', label: 'Datanet', control: select }),
      typesHint,
      h('div', { class: 'field' }, h('label', { for: input.id }, 'Files'), dropzone,
        h('div', { class: 'field-error-slot', 'data-error-slot': 'file' })),
      h('div', { class: 'progress-wrap' }, progress, progressText));
    const errors = new FormErrors(form);

    const paintSelect = () => {
      const chosen = select.value || query.datanet || '';
      const items = datanets();
      replace(select, h('option', { value: '' }, items.length ? 'Choose a datanet…' : 'No datanets yet'),
        items.map((d) => h('option', { value: d.id }, d.name)));
      if (items.some((d) => d.id === chosen)) select.value = chosen;
      paintTypes();
    };
    const paintTypes = () => {
      const d = findDatanet(select.value);
      typesHint.textContent = d
        ? `Accepts ${d.fileTypes.map((t) => `.${t}`).join(', ')} up to ${bytes(quota?.limits?.maxFileBytes ?? DEFAULT_MAX_FILE)} each.${d.reviewMode === 'owner' ? ' Its owner reviews uploads that pass validation.' : ''}`
        : 'Choose a datanet to see which file types it accepts.';
      if (d) input.setAttribute('accept', d.fileTypes.map((t) => `.${t}`).join(','));
      else input.removeAttribute('accept');
    };
    select.addEventListener('change', () => {
      replaceQuery({ datanet: select.value }); // a reload, or a link, comes back to this datanet
      errors.clear();
      paintTypes();
    });

    let busy = false;
    const queue = [];
    const send = async (file, target) => {
      const key = newIdempotencyKey();
      progress.value = 0;
      progressText.textContent = `Uploading ${file.name}… 0%`;
      try {
        const view = await uploadFile(target.id, file, {
          idempotencyKey: key,
          onProgress: (fraction) => {
            progress.value = Math.round(fraction * 100);
            progressText.textContent = `Uploading ${file.name}… ${Math.round(fraction * 100)}%`;
          },
        });
        progress.value = 100;
        const message = `${file.name} uploaded to ${target.name}; validation is checking it.`;
        progressText.textContent = message;
        announce(message);
        if (view?.id) upsert(view, { fresh: true });
        reloadQuota();
      } catch (err) {
        progress.value = 0;
        progressText.textContent = `${file.name} was not uploaded.`;
        if (err instanceof ApiError && err.status === 409) {
          errors.message(`Not uploaded: ${err.problem.detail ?? 'the same content is already in this datanet'}.`);
        } else if (err instanceof ApiError && err.status === 429) {
          const retry = err.retryAfter;
          errors.message(`Over quota: ${err.problem.detail ?? 'a daily limit is reached'}${retry ? ` — try again in ${duration(retry)}` : ''}.`);
        } else {
          errors.problem(err);
        }
      }
    };
    const pump = async () => {
      if (busy) return;
      busy = true;
      try {
        while (queue.length) {
          const { file, target } = queue.shift();
          await send(file, target);
        }
      } finally {
        busy = false;
      }
    };
    const choose = (files) => {
      errors.clear();
      const target = findDatanet(select.value);
      if (!target) {
        errors.show({ datanetId: 'choose a datanet first' });
        return;
      }
      const max = quota?.limits?.maxFileBytes ?? DEFAULT_MAX_FILE;
      const problems = [];
      for (const file of files) {
        const why = checkFile(file, target, max);
        if (why) problems.push(`${file.name}: ${why}`);
        else queue.push({ file, target });
      }
      if (problems.length) errors.show({ file: problems.join('; ') }, 'Some files cannot be uploaded.');
      pump();
      input.value = ''; // the same file may be chosen again after a fix
    };
    input.addEventListener('change', () => choose([...input.files]));
    form.addEventListener('submit', (e) => e.preventDefault());
    for (const type of ['dragenter', 'dragover']) {
      dropzone.addEventListener(type, (e) => {
        e.preventDefault();
        dropzone.classList.add('over');
      });
    }
    for (const type of ['dragleave', 'dragend']) dropzone.addEventListener(type, () => dropzone.classList.remove('over'));
    dropzone.addEventListener('drop', (e) => {
      e.preventDefault();
      dropzone.classList.remove('over');
      choose([...(e.dataTransfer?.files ?? [])]);
    });

    // ---- quota -------------------------------------------------------------------------------------------
    const quotaArea = h('div', { 'aria-live': 'polite' }, loading());
    const paintQuota = () => {
      if (!quota) return;
      const { usage, limits } = quota;
      replace(quotaArea, 
        h('p', { class: 'quota-line' },
          h('span', { testid: 'quota-used', 'data-files': usage.filesToday, 'data-bytes': usage.bytesToday },
            `${usage.filesToday} file${usage.filesToday === 1 ? '' : 's'} · ${bytes(usage.bytesToday)}`),
          h('span', { class: 'of' }, ' used of '),
          h('span', { testid: 'quota-limit', 'data-files': limits.filesPerDay, 'data-bytes': limits.bytesPerDay },
            `${limits.filesPerDay} files · ${bytes(limits.bytesPerDay)}`),
          ' today'),
        h('div', { class: 'meters' },
          h('label', {}, 'Files', h('meter', { min: 0, max: limits.filesPerDay, value: usage.filesToday, high: limits.filesPerDay * 0.8, optimum: 0 })),
          h('label', {}, 'Bytes', h('meter', { min: 0, max: limits.bytesPerDay, value: usage.bytesToday, high: limits.bytesPerDay * 0.8, optimum: 0 }))),
        h('p', { class: 'hint' },
          `${usage.pending} of ${limits.maxPending} uploads waiting for validation · tier `, badge(limits.tier ?? quota.tier),
          ` · resets ${ago(quota.resetsAt)} (${dateTime(quota.resetsAt)})`));
      paintTypes();
    };
    const loadQuota = async () => {
      quota = await get('upload', '/api/quota', {}, signal);
      paintQuota();
    };
    const reloadQuota = debounce(() => loadQuota().catch((err) => { if (!isAbort(err)) console.warn(err); }), 300);

    // ---- my uploads -------------------------------------------------------------------------------------
    const listEl = h('ol', { class: 'uploads', 'aria-live': 'polite', 'aria-relevant': 'additions' });
    const emptyEl = h('p', { class: 'empty' }, 'You have not uploaded anything yet.');
    const listArea = h('div', {}, loading());

    const reasonsFor = (id) => {
      if (!reports.has(id)) {
        reports.set(id, get('validation', `/api/reports/${encodeURIComponent(id)}`, {}, signal).catch((err) => {
          reports.delete(id); // try again next time
          throw err;
        }));
      }
      return reports.get(id);
    };

    const paintReasons = (entry) => {
      const { view, body } = entry;
      body.replaceChildren();
      const counts = Object.entries(view.reasonCounts ?? {});
      if (entry.review) {
        body.append(h('p', { class: 'note' }, `The owner ${entry.review.decision === 'APPROVE' ? 'approved' : 'rejected'} it${entry.review.comment ? `: “${entry.review.comment}”` : ''}; the verdict follows.`));
      }
      if (view.status === 'WITHDRAWN') {
        body.append(h('p', { class: 'note', testid: 'upload-withdrawn' }, `You withdrew it${view.withdrawnAt ? ` ${dateTime(view.withdrawnAt)}` : ''}: `
          + 'its records left the datanet, its duplicate index and all later training data, and its acceptance no '
          + 'longer counts for your standing (a rejection would still). Its stored file will be deleted.'));
        return;
      }
      if (view.status === 'RECEIVED') {
        body.append(h('p', { class: 'note' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Validation is checking every record…'));
        return;
      }
      if (view.status === 'PENDING_REVIEW') {
        body.append(h('p', { class: 'note' }, 'Passed validation; waiting for the datanet owner\'s review.'));
      }
      const showAll = view.status === 'REJECTED' || entry.expanded;
      if (!showAll) {
        if (counts.length) {
          body.append(h('p', { class: 'note' }, 'Records dropped: ',
            counts.map(([code, n]) => reasonChip(code, n)), ' ',
            h('button', { type: 'button', class: 'link-button', onClick: () => { entry.expanded = true; paintReasons(entry); } }, 'Show each record')));
        }
        return;
      }
      const box = h('div', { class: 'reasons', 'aria-busy': 'true' }, loading('Loading the validation report…'));
      body.append(box);
      reasonsFor(view.id).then((report) => {
        const items = [];
        if (report.fileError) items.push(h('li', { testid: 'upload-reason', 'data-record': 0 }, h('strong', {}, 'File: '), report.fileError));
        for (const r of report.rejectedRecords ?? []) {
          for (const code of r.reasons) {
            items.push(h('li', { testid: 'upload-reason', 'data-record': r.record, 'data-reason': code },
              h('strong', {}, `Record ${r.record}`), ' ', h('code', {}, code), h('span', { class: 'why' }, ` — ${reasonText(code)}`)));
          }
        }
        const latest = report.history?.[report.history.length - 1];
        replace(box, 
          h('p', { class: 'note' }, `${report.recordsAccepted} of ${report.recordsTotal} records passed`,
            report.verdict === 'REJECTED' && report.decidedBy === 'VALIDATION' ? ' — below the datanet\'s acceptance threshold.' : '.',
            latest?.comment ? ` ${latest.reviewerId ?? 'A reviewer'}: “${latest.comment}”` : ''),
          items.length ? h('ul', { class: 'reason-list', tabindex: 0, 'aria-label': `Rejected records of ${view.fileName}` }, items)
            : h('p', { class: 'note' }, 'No record was rejected.'),
          report.fileError ? null : recordsDisclosure(view.id, () => ({ reasonCounts: report.reasonCounts, fileName: view.fileName, signal })));
        box.setAttribute('aria-busy', 'false');
      }).catch((err) => {
        if (!isAbort(err)) replace(box, errorBox(err, () => paintReasons(entry)));
      });
    };

    // Withdrawing is final, so it asks once more before it is done.
    const paintActions = (entry) => {
      const { view, actions } = entry;
      if (view.status === 'WITHDRAWN') {
        actions.replaceChildren();
        return;
      }
      if (actions.firstChild) return;
      actions.append(...confirmedAction({
        ask: 'Withdraw…',
        confirm: 'Withdraw it for good',
        testid: 'upload-withdraw',
        warning: 'Its records leave the datanet and all later training data and its file is deleted; an acceptance '
          + 'stops counting for your standing. This cannot be undone, and the same file cannot be uploaded to this '
          + 'datanet again.',
        action: async () => upsert(await post('upload', `/api/uploads/${encodeURIComponent(view.id)}/withdraw`)),
      }));
    };

    const paintEntry = (entry) => {
      const { view } = entry;
      setBadge(entry.status, view.status);
      entry.quality.textContent = view.qualityScore != null ? `quality ${percent(view.qualityScore)}` : '';
      paintReasons(entry);
      paintActions(entry);
    };

    function upsert(view, { fresh = false, version } = {}) {
      let entry = uploads.get(view.id);
      if (entry) {
        if (version != null && entry.version != null && version < entry.version) return; // an older verdict
        const before = entry.view.status;
        const signature = (v) => JSON.stringify([v.status, v.qualityScore, v.reasonCounts]);
        const old = signature(entry.view);
        entry.view = { ...entry.view, ...view };
        if (version != null) entry.version = version;
        if (before !== entry.view.status) reports.delete(view.id);
        // Repaint only on a real change: the reasons list is rebuilt by it, and a reload re-upserts every row.
        if (signature(entry.view) !== old) paintEntry(entry);
        if (before !== entry.view.status) {
          flash(entry.el);
          announce(`${entry.view.fileName}: ${entry.view.status}`);
        }
        return;
      }
      const status = badge(view.status, { testid: 'upload-status' });
      const quality = h('span', { class: 'quality' });
      const body = h('div', { class: 'upload-body' });
      const actions = h('div', { class: 'upload-actions' });
      const el = h('li', { class: 'upload', testid: 'upload-row', 'data-upload-id': view.id },
        h('div', { class: 'upload-head' },
          h('div', { class: 'upload-name' }, h('strong', {}, view.fileName ?? view.id),
            h('span', { class: 'sub' }, ` ${datanetName(view.datanetId)} · ${bytes(view.size)} · `,
              h('time', { datetime: view.receivedAt, title: dateTime(view.receivedAt) }, ago(view.receivedAt)))),
          h('div', { class: 'upload-state' }, quality, status)),
        body, actions);
      entry = { view, el, status, quality, body, actions, version: version ?? null, expanded: false };
      uploads.set(view.id, entry);
      paintEntry(entry);
      // Newest first, as the API lists them.
      const after = [...uploads.values()].filter((e) => e !== entry && String(e.view.receivedAt) > String(view.receivedAt)).length;
      listEl.insertBefore(el, listEl.children[after] ?? null);
      emptyEl.hidden = true;
      if (fresh) flash(el);
    }

    const loadUploads = async () => {
      const items = await getAll('upload', '/api/uploads', {}, { signal, limit: 50 });
      for (const view of items) upsert(view);
      // Uploads this page knew of but the API did not list are older than the first page: drop them.
      const listed = new Set(items.map((v) => v.id));
      for (const [id, entry] of uploads) if (!listed.has(id) && items.length >= 50) { entry.el.remove(); uploads.delete(id); }
      replace(listArea, emptyEl, listEl);
      emptyEl.hidden = uploads.size > 0;
    };

    root.append(
      pageHeader('Upload', 'Add data to a datanet. Validation checks every record and tells you why any was rejected.'),
      h('div', { class: 'split' }, card('Upload files', form), card('Today\'s quota', quotaArea)),
      card('My uploads', listArea));

    const loadAll = () => Promise.all([
      loadDatanets().then(paintSelect),
      loadQuota(),
      loadUploads(),
    ]).catch((err) => {
      if (!isAbort(err)) replace(listArea, errorBox(err, loadAll));
    });
    paintSelect();
    loadAll();

    const mine = (data) => data.contributorId === me();
    const subscriptions = [
      onDatanetsChange(paintSelect),
      on(EVENT.uploadReceived, ({ data }) => {
        if (!mine(data)) return;
        const known = uploads.get(data.uploadId);
        upsert({
          id: data.uploadId, datanetId: data.datanetId, contributorId: data.contributorId, fileName: data.fileName,
          mediaType: data.mediaType, size: data.sizeBytes, sha256: data.sha256,
          status: known?.view.status ?? 'RECEIVED', receivedAt: data.receivedAt, reasonCounts: known?.view.reasonCounts ?? {},
        }, { fresh: !known });
        reloadQuota();
      }),
      on(EVENT.uploadValidated, ({ data }) => {
        if (!mine(data)) return;
        const entry = uploads.get(data.uploadId);
        if (entry?.view.status === 'WITHDRAWN') return; // withdrawn is final: a late verdict changes nothing
        if (entry?.review) {
          entry.review = null; // the owner's decision became this verdict
          paintReasons(entry);
        }
        const update = {
          id: data.uploadId, datanetId: data.datanetId, status: data.verdict, qualityScore: data.qualityScore,
          reasonCounts: data.reasonCounts ?? {}, decidedAt: data.validatedAt,
        };
        if (entry) upsert(update, { version: data.verdictVersion });
        else get('upload', `/api/uploads/${encodeURIComponent(data.uploadId)}`, {}, signal)
          .then((view) => upsert({ ...view, status: data.verdict }, { version: data.verdictVersion, fresh: true }))
          .catch(() => {});
        reloadQuota();
      }),
      on(EVENT.uploadReviewed, ({ data }) => {
        if (!mine(data)) return;
        const entry = uploads.get(data.uploadId);
        if (!entry) return;
        entry.review = { decision: data.decision, comment: data.comment };
        paintReasons(entry);
      }),
      on(EVENT.reputationUpdated, ({ data }) => { if (data.contributorId === me()) reloadQuota(); }),
      onResync(() => { reports.clear(); loadAll(); }),
    ];
    return () => {
      subscriptions.forEach((u) => u());
      reloadQuota.cancel();
      queue.length = 0;
    };
  },
};
