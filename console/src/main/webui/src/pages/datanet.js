// #/datanets/{id}: one datanet, how much accepted data it has and who contributed it.
//
// No endpoint reports a datanet's accepted data as a whole, so it is put together from what exists:
// - accepted uploads and the contributors: the datanet's leaderboard (reputation-service), whose rows count each
//   contributor's uploads whose latest verdict is ACCEPTED or REJECTED in this datanet;
// - records: the newest training job of the datanet (training-service) tells how many examples its snapshot of the
//   accepted data had;
// - bytes: only the caller's own uploads are listable (upload-service), so the page shows the caller's accepted
//   bytes, not the datanet's.
// Live: verdicts and reputation changes in this datanet reload the leaderboard; its training events reload jobs.
// Its owner and operators change the definition here (PUT with If-Match of the version shown) and archive it, and
// export its accepted data as a Hugging Face dataset (training-service) and download the files.

import { h, replace, announce } from '../dom.js';
import { downloadUrl, get, getAll, post } from '../api.js';
import { EVENT, on, onResync } from '../events.js';
import { confirmedAction, isAbort, whileBusy } from '../forms.js';
import { hasRole } from '../session.js';
import { definitionForm } from './datanets.js';
import { datanet as cachedDatanet, upsertDatanet } from '../stores/datanets.js';
import { replaceHeader, badge, card, debounce, errorBox, facts, loading, pageHeader, table } from '../ui.js';
import { bytes, dateTime, number, percent, shortId, words } from '../format.js';
import { me } from '../app.js';
import { render as rerender } from '../router.js';

function contributorsTable(rows, shares) {
  return table({
    caption: 'Contributors',
    columns: ['Contributor', { label: 'Accepted', className: 'num' }, { label: 'Rejected', className: 'num' },
      { label: 'Score here', className: 'num' }, 'Tier', { label: 'Latest attribution', className: 'num' }],
    rows: rows.map((r) => h('tr', { testid: 'datanet-contributor', 'data-contributor': r.contributorId },
      h('th', { scope: 'row' }, h('a', { href: `#/contributors/${encodeURIComponent(r.contributorId)}` }, r.contributorId)),
      h('td', { class: 'num' }, String(r.accepted)),
      h('td', { class: 'num' }, String(r.rejected)),
      h('td', { class: 'num' }, number(r.score, 3)),
      h('td', {}, badge(r.tier)),
      h('td', { class: 'num' }, shares.has(r.contributorId) ? percent(shares.get(r.contributorId)) : '–'))),
    empty: 'No upload to this datanet has been decided yet.',
  });
}

/**
 * One export: when, by whom, what it holds, and its files to download (the card first); once an upload in it is
 * withdrawn its files are gone (410), and it says so instead of offering them.
 */
function exportItem(x) {
  const head = h('p', {}, h('strong', {}, `${number(x.records)} records`), ` · ${dateTime(x.createdAt)} by ${x.requestedBy} · snapshot `,
    h('code', { title: x.snapshotDigest }, shortId(x.snapshotDigest.replace(/^sha256:/, ''))));
  if (x.withdrawnUploads > 0) {
    return h('li', { testid: 'export', 'data-id': x.id, 'data-records': x.records, 'data-withdrawn': x.withdrawnUploads }, head,
      h('p', { class: 'sub', testid: 'export-withdrawn' }, `${number(x.withdrawnUploads)} upload${x.withdrawnUploads === 1 ? ' was' : 's were'} `
        + 'withdrawn from it since, so its files are no longer given out. A new export leaves them out.'));
  }
  return h('li', { testid: 'export', 'data-id': x.id, 'data-records': x.records },
    head,
    h('ul', { class: 'files' }, x.files.map((f) => h('li', {},
      h('a', { href: downloadUrl('training', f.href), download: f.path.replace(/\//g, '_'), testid: 'export-file', 'data-path': f.path }, f.path),
      h('span', { class: 'sub' }, ` ${bytes(f.bytes)}${f.records ? ` · ${number(f.records)} records` : ''}`)))));
}

/**
 * The datanet's exports, for its owner and operators: export now, and the recent exports' files. Saved into one
 * folder at their paths, the files load with Hugging Face datasets: load_dataset("that-folder").
 */
function exportsCard(datanetId, signal) {
  const list = h('ul', { class: 'exports', testid: 'exports', 'aria-live': 'polite' });
  const errors = h('p', { class: 'note', role: 'alert' });
  const button = h('button', { type: 'button', class: 'button', testid: 'export-create' }, 'Export accepted data');
  const paint = (items) => replace(list, ...(items.length ? items.map(exportItem)
    : [h('li', { class: 'sub' }, 'Not exported yet.')]));
  const load = () => get('training', `/api/datanets/${encodeURIComponent(datanetId)}/exports`, { size: 5 }, signal)
    .then((page) => paint(page.items))
    .catch((err) => { if (!isAbort(err)) errors.textContent = err.message; });
  button.addEventListener('click', async () => {
    errors.textContent = '';
    try {
      const made = await whileBusy(button, () => post('training', `/api/datanets/${encodeURIComponent(datanetId)}/exports`));
      announce(`Exported ${made.records} records.`);
      await load();
    } catch (err) {
      errors.textContent = err.message;
    }
  });
  load();
  return card('Export',
    h('p', { class: 'hint' }, 'Every accepted record as of now, as a Hugging Face dataset: save the files into one folder at their paths, then ',
      h('code', {}, 'datasets.load_dataset("folder")'), '. The card (README.md) names the licence and each contributor\'s share.'),
    h('div', { class: 'form-actions' }, button), errors, list);
}

export default {
  name: 'datanet',
  title: 'Datanet',
  render(root, { id }, { signal }) {
    const head = h('div', {}, pageHeader(cachedDatanet(id)?.name ?? 'Datanet'));
    const summary = h('div', {}, loading());
    const contributors = h('div', { testid: 'datanet-contributors', 'aria-live': 'polite', 'aria-busy': 'true' });
    const manage = h('div', {});
    const exportArea = h('div', {});
    const detail = h('div', { testid: 'datanet-detail', 'data-id': id }, head,
      h('div', { class: 'split' }, card('Accepted data', summary), card('Definition', h('div', { class: 'definition' }), manage)),
      exportArea,
      card('Contributors', contributors));
    root.append(detail);
    const definitionArea = detail.querySelector('.definition');

    let state = { datanet: null, board: [], jobs: [], attribution: null, mine: [] };

    const paintDefinition = () => {
      const d = state.datanet;
      if (!d) return;
      const owner = d.ownerId === me();
      replaceHeader(head, pageHeader(d.name, d.description || null,
        d.archivedAt ? h('span', { class: 'badge tone-muted', testid: 'datanet-status' }, 'ARCHIVED')
          : h('a', { class: 'button', href: `#/upload?datanet=${encodeURIComponent(d.id)}` }, 'Upload to it'),
        owner && h('a', { class: 'button', href: `#/training?datanet=${encodeURIComponent(d.id)}` }, 'Train a model')));
      paintManage(d, owner || hasRole('operator'));
      if ((owner || hasRole('operator')) && !exportArea.firstChild) exportArea.append(exportsCard(d.id, signal));
      replace(definitionArea, facts([
        ['Owner', [d.ownerId, owner ? h('span', { class: 'pill' }, 'you') : null]],
        ['File types', (d.fileTypes ?? []).map((t) => `.${t}`).join(', ')],
        ['Review', d.reviewMode === 'owner' ? 'The owner approves each upload that passes validation' : 'Automatic: the validation verdict stands'],
        ['Acceptance threshold', `${percent(d.acceptanceThreshold)} of records must pass`],
        ['Licence', d.license === 'unknown' || !d.license ? 'Not named' : h('code', { testid: 'datanet-license-shown' }, d.license)],
        (d.tags ?? []).length > 0 && ['Tags', d.tags.join(', ')],
        Object.keys(d.validation ?? {}).length > 0 && ['Own thresholds', Object.entries(d.validation).map(([k, v]) => `${k} ${v}`).join(', ')],
        ['Created', dateTime(d.createdAt)],
        (d.version ?? 1) > 1 && ['Changed', `${dateTime(d.definedAt)} (version ${d.version})`],
        d.archivedAt && ['Archived', `${dateTime(d.archivedAt)}: it takes no more uploads; its data and history stay`],
        ['Id', h('code', {}, d.id)],
      ]));
    };

    // The owner's and operators' controls: change the definition, archive. Built again for each version shown, so
    // the form always edits (and names in If-Match) the version on screen.
    let shownVersion = null;
    const paintManage = (d, allowed) => {
      if (!allowed || d.archivedAt) {
        manage.replaceChildren();
        shownVersion = null;
        return;
      }
      if (shownVersion === d.version) return; // a half-edited form survives repaints of the same version
      shownVersion = d.version;
      const form = definitionForm({
        datanet: d,
        onSaved: (saved) => {
          state.datanet = saved;
          upsertDatanet(saved);
          paintDefinition();
          announce(`${saved.name} changed: version ${saved.version}.`);
        },
      });
      replace(manage,
        h('details', { class: 'manage', testid: 'datanet-edit' }, h('summary', {}, 'Change the definition'), form),
        ...confirmedAction({
          ask: 'Archive…',
          confirm: 'Archive it',
          testid: 'datanet-archive',
          warning: 'Archived, it takes no more uploads; its data, uploads, reports and models stay. This cannot be undone.',
          action: async () => {
            const saved = await post('upload', `/api/datanets/${encodeURIComponent(d.id)}/archive`);
            state.datanet = saved;
            upsertDatanet(saved);
            paintDefinition();
            announce(`${saved.name} is archived.`);
          },
        }));
    };

    const paintData = () => {
      const acceptedUploads = state.board.reduce((sum, r) => sum + (r.accepted ?? 0), 0);
      const rejectedUploads = state.board.reduce((sum, r) => sum + (r.rejected ?? 0), 0);
      const latest = state.jobs.find((j) => j.trainExamples != null);
      const records = latest ? (latest.trainExamples ?? 0) + (latest.validationExamples ?? 0) : null;
      const myAccepted = state.mine.filter((u) => u.status === 'ACCEPTED');
      const myBytes = myAccepted.reduce((sum, u) => sum + (u.size ?? 0), 0);
      replace(summary, 
        h('p', { class: 'big-number', testid: 'datanet-accepted-size', 'data-accepted-uploads': acceptedUploads, 'data-records': records ?? '' },
          h('strong', {}, String(acceptedUploads)), ` accepted upload${acceptedUploads === 1 ? '' : 's'}`,
          records !== null ? h('span', { class: 'sub' }, ` · ${number(records)} records in the latest training snapshot`) : null),
        facts([
          ['Contributors', String(state.board.length)],
          ['Rejected uploads', String(rejectedUploads)],
          ['Yours accepted', `${myAccepted.length} upload${myAccepted.length === 1 ? '' : 's'}, ${bytes(myBytes)}`],
          latest && ['Latest job', h('span', {}, h('a', { href: `#/jobs/${encodeURIComponent(latest.id)}` }, words(latest.status)), ' ',
            `${dateTime(latest.createdAt)} · ${latest.trainExamples} train / ${latest.validationExamples} validation examples`)],
        ]));
      const shares = new Map((state.attribution?.contributors ?? []).map((c) => [c.contributorId, c.share]));
      replace(contributors, contributorsTable(state.board, shares));
      contributors.setAttribute('aria-busy', 'false');
    };

    const loadDefinition = async () => {
      state.datanet = await get('upload', `/api/datanets/${encodeURIComponent(id)}`, {}, signal);
      upsertDatanet(state.datanet);
      paintDefinition();
    };

    const loadBoard = async () => {
      state.board = await getAll('reputation', '/api/leaderboard', { datanet: id }, { signal });
      paintData();
    };

    const loadJobs = async () => {
      const page = await get('training', '/api/jobs', { datanet: id, size: 10 }, signal);
      state.jobs = page.items;
      const succeeded = state.jobs.find((j) => j.status === 'SUCCEEDED');
      state.attribution = succeeded
        ? await get('training', `/api/jobs/${encodeURIComponent(succeeded.id)}/attribution`, {}, signal).catch(() => null)
        : null;
      paintData();
    };

    const loadMine = async () => {
      state.mine = await getAll('upload', '/api/uploads', { datanet: id }, { signal, limit: 500 });
      paintData();
    };

    const loadAll = () => Promise.all([loadDefinition(), loadBoard(), loadJobs(), loadMine()]).catch((err) => {
      if (isAbort(err)) return;
      replace(detail, head, errorBox(err, rerender));
    });

    const soft = (fn) => debounce(() => fn().catch((err) => { if (!isAbort(err)) console.warn(err); }), 500);
    const reloadBoard = soft(loadBoard);
    const reloadJobs = soft(loadJobs);
    const reloadMine = soft(loadMine);

    loadAll();
    const subscriptions = [
      on(EVENT.uploadValidated, ({ data }) => {
        if (data.datanetId !== id) return;
        reloadBoard();
        if (data.contributorId === me()) reloadMine();
      }),
      on(EVENT.reputationUpdated, () => reloadBoard()),
      on(EVENT.trainingStatus, ({ data }) => { if (data.datanetId === id) reloadJobs(); }),
      on(EVENT.attributionComputed, ({ data }) => { if (data.datanetId === id) { reloadJobs(); reloadBoard(); } }),
      on(EVENT.datanetDefined, ({ data }) => { if (data.datanetId === id) loadDefinition().catch(() => {}); }),
      onResync(() => loadAll()),
    ];
    return () => {
      subscriptions.forEach((u) => u());
      [reloadBoard, reloadJobs, reloadMine].forEach((f) => f.cancel());
    };
  },
};
