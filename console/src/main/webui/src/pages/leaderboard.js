// #/leaderboard: contributors ranked by reputation, overall or within one datanet.
// API: GET /api/leaderboard?datanet= (reputation-service). Live: reputation.updated carries a contributor's new
// overall score, tier and counts, applied to the overall board in place (re-ranked); a datanet's board has no such
// per-datanet event, so it is re-read (debounced) when a reputation or verdict event of that datanet arrives.

import { h, replace, announce, placeRows, dropRows } from '../dom.js';
import { replaceQuery } from '../router.js';
import { getAll } from '../api.js';
import { EVENT, on, onResync } from '../events.js';
import { isAbort } from '../forms.js';
import { list as datanets, loadDatanets, onDatanetsChange } from '../stores/datanets.js';
import { badge, setBadge, card, debounce, errorBox, flash, loading, pageHeader, table } from '../ui.js';
import { bytes, dateTime, number, percent } from '../format.js';
import { me } from '../app.js';


/** A contributor's row; update() rewrites its cells in place so live changes never replace the element. */
function leaderboardRow(initial, mine) {
  const rank = h('td', { class: 'num rank' });
  const bar = h('span');
  const score = h('span', { testid: 'leaderboard-score' });
  const tier = badge(initial.tier, { testid: 'leaderboard-tier' });
  const accepted = h('td', { class: 'num' });
  const rejected = h('td', { class: 'num' });
  const rate = h('td', { class: 'num' });
  const information = h('td', { class: 'num', testid: 'leaderboard-information' });
  const attribution = h('td', { class: 'num' });
  const tr = h('tr', { testid: 'leaderboard-row', 'data-contributor': initial.contributorId, class: initial.contributorId === mine ? 'me' : null },
    rank,
    h('th', { scope: 'row' }, h('a', { href: `#/contributors/${encodeURIComponent(initial.contributorId)}` }, initial.contributorId),
      initial.contributorId === mine ? h('span', { class: 'pill' }, 'you') : null),
    h('td', { class: 'num' }, h('span', { class: 'score-cell' }, h('span', { class: 'score-bar', 'aria-hidden': 'true' }, bar), score)),
    h('td', {}, tier), accepted, rejected, rate, information, attribution);
  const update = (r) => {
    tr.dataset.rank = r.rank;
    rank.textContent = String(r.rank);
    bar.style.width = `${Math.round(Math.max(0, Math.min(1, r.score)) * 100)}%`;
    score.textContent = number(r.score, 3);
    setBadge(tier, r.tier);
    accepted.textContent = String(r.accepted);
    rejected.textContent = String(r.rejected);
    rate.textContent = percent(r.acceptanceRate);
    // What the accepted uploads said that was new (reputation's unit of evidence), not how many files they were.
    information.textContent = bytes(r.informationAccepted);
    attribution.textContent = number(r.attributionEarned, 3);
  };
  update(initial);
  return { el: tr, update };
}

export default {
  name: 'leaderboard',
  title: 'Leaderboard',
  render(root, params, { signal, query }) {
    let scope = query.datanet ?? '';
    let rows = []; // StandingView items, ranked
    let asOf = null;
    const scopeSelect = h('select', { testid: 'leaderboard-scope', name: 'scope' });
    const area = h('div', { 'aria-live': 'polite', 'aria-busy': 'true' }, loading());
    const asOfLine = h('p', { class: 'hint' });

    const paintScopes = () => {
      replace(scopeSelect, h('option', { value: '' }, 'All datanets'),
        datanets().map((d) => h('option', { value: d.id }, d.name)));
      scopeSelect.value = scope;
      if (scopeSelect.value !== scope) scopeSelect.value = '';
    };

    const rowEls = new Map(); // contributorId -> {el, update}
    let tableWrap = null;
    const paint = (changed) => {
      if (!tableWrap) {
        tableWrap = table({
          caption: 'Leaderboard',
          columns: [{ label: 'Rank', className: 'num' }, 'Contributor', { label: 'Score', className: 'num' }, 'Tier',
            { label: 'Accepted', className: 'num' }, { label: 'Rejected', className: 'num' },
            { label: 'Acceptance', className: 'num' }, { label: 'New information', className: 'num' },
            { label: 'Attribution', className: 'num' }],
          rows: [],
          empty: 'No contributor has a decided upload here yet.',
        });
        replace(area, tableWrap);
      }
      const mine = me();
      placeRows(tableWrap.tbody, rowEls, rows, (r) => r.contributorId, (r) => leaderboardRow(r, mine));
      dropRows(rowEls, new Set(rows.map((r) => r.contributorId)));
      tableWrap.sync();
      area.setAttribute('aria-busy', 'false');
      asOfLine.textContent = asOf ? `Scores as of ${dateTime(asOf)}; they decay with time and update live.` : '';
      if (changed) flash(rowEls.get(changed)?.el);
    };

    const load = async () => {
      area.setAttribute('aria-busy', 'true');
      rows = await getAll('reputation', '/api/leaderboard', { datanet: scope }, { signal, limit: 200 });
      asOf = new Date().toISOString();
      paint();
    };
    const fail = (err) => {
      if (isAbort(err)) return;
      tableWrap = null;
      rowEls.clear();
      replace(area, errorBox(err, () => reload()));
    };
    const reload = debounce(() => load().catch(fail), 500);

    scopeSelect.addEventListener('change', () => {
      scope = scopeSelect.value;
      replaceQuery({ datanet: scope });
      // Another board: start from a fresh table rather than morphing one ranking into the other.
      tableWrap = null;
      rowEls.clear();
      replace(area, loading());
      reload();
    });

    /** The overall board changes by one contributor's new standing: apply it and re-rank. */
    const apply = (u) => {
      const existing = rows.find((r) => r.contributorId === u.contributorId);
      const next = {
        ...(existing ?? { contributorId: u.contributorId, datanetId: null }),
        score: u.score, tier: u.tier, accepted: u.accepted, rejected: u.rejected,
        acceptanceRate: u.accepted + u.rejected > 0 ? u.accepted / (u.accepted + u.rejected) : null,
        attributionEarned: u.attributionEarned,
      };
      rows = [...rows.filter((r) => r.contributorId !== u.contributorId), next]
        .sort((a, b) => b.score - a.score || a.contributorId.localeCompare(b.contributorId))
        .map((r, i) => ({ ...r, rank: i + 1 }));
      asOf = u.updatedAt ?? new Date().toISOString();
      paint(u.contributorId);
      if (u.contributorId === me()) announce(`Your score is now ${number(u.score, 3)} (${u.tier}).`);
    };

    root.append(
      pageHeader('Leaderboard', 'Ranked by the quality of accepted data and the influence it had on trained models, not by volume.'),
      card(null,
        h('div', { class: 'toolbar' }, h('label', { for: 'leaderboard-scope' }, 'Scope'), scopeSelect),
        area, asOfLine));
    scopeSelect.id = 'leaderboard-scope';
    paintScopes();
    loadDatanets().then(paintScopes).catch(() => {});
    load().catch(fail);

    const subscriptions = [
      onDatanetsChange(paintScopes),
      on(EVENT.reputationUpdated, ({ data }) => {
        if (!scope) apply(data);
        else reload();
      }),
      on(EVENT.uploadValidated, ({ data }) => { if (scope && data.datanetId === scope) reload(); }),
      on(EVENT.attributionComputed, ({ data }) => { if (scope && data.datanetId === scope) reload(); }),
      onResync(() => reload()),
    ];
    return () => {
      subscriptions.forEach((u) => u());
      reload.cancel();
    };
  },
};
