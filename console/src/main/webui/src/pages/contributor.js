// #/contributors/{id}: a contributor's score, tier, how the score is made up, and its history.
// API: GET /api/contributors/{id}?page=&size= (reputation-service). Live: reputation.updated of this contributor
// reloads it; so does a verdict on one of their uploads (the history gains a line before the score event).

import { h, replace } from '../dom.js';
import { get } from '../api.js';
import { EVENT, on, onResync } from '../events.js';
import { isAbort } from '../forms.js';
import { sparkline } from '../charts.js';
import { datanetName, loadDatanets } from '../stores/datanets.js';
import { badge, card, debounce, errorBox, facts, flash, loading, pageHeader, table } from '../ui.js';
import { ago, bytes, dateTime, number, percent, words } from '../format.js';
import { render as rerender } from '../router.js';
import { me } from '../app.js';

const PAGE_SIZE = 50;

/** score = clamp[0,1](½ + ½·(0.8·quality + 0.2·attribution − spam)) (reputation-service/README.md). */
function breakdown(standing) {
  const p = standing.parts;
  const lines = [
    ['Starting point', 'every newcomer starts neutral', null, 0.5],
    ['Quality', `lower bound of the quality-weighted acceptance rate${p.qualityRate != null ? ` (rate ${percent(p.qualityRate)} over ${number(p.evidence, 2)} decided uploads, decayed)` : ''}`, p.quality, 0.4 * p.quality],
    ['Attribution', `influence earned on trained models (credit ${number(p.attributionCredit, 3)})`, p.attribution, 0.1 * p.attribution],
    ['Spam', `lower bound of the rejection rate${p.rejectionRate != null ? ` (rate ${percent(p.rejectionRate)})` : ''}`, p.spam, -0.5 * p.spam],
  ];
  return h('div', {},
    h('p', { class: 'formula' }, 'score = ½ + ½ · (0.8 · quality + 0.2 · attribution − spam), kept within 0–1'),
    table({
      caption: 'How the score is made',
      columns: ['Part', 'What it measures', { label: 'Value', className: 'num' }, { label: 'Adds to score', className: 'num' }],
      rows: lines.map(([name, what, value, contribution]) => h('tr', {},
        h('th', { scope: 'row' }, name), h('td', { class: 'sub' }, what),
        h('td', { class: 'num' }, value == null ? '' : number(value, 3)),
        h('td', { class: ['num', contribution < 0 ? 'neg' : 'pos'] }, `${contribution >= 0 ? '+' : '−'}${number(Math.abs(contribution), 3)}`))),
    }));
}

function historyRow(c) {
  const delta = c.scoreAfter - c.scoreBefore;
  return h('tr', { testid: 'history-row', 'data-kind': c.kind },
    h('td', {}, h('time', { datetime: c.occurredAt, title: dateTime(c.occurredAt) }, ago(c.occurredAt))),
    h('td', {}, words(c.kind)),
    h('td', {}, c.reason ?? '',
      h('div', { class: 'sub' },
        c.datanetId ? h('a', { href: `#/datanets/${encodeURIComponent(c.datanetId)}` }, datanetName(c.datanetId)) : null,
        String(c.kind).toUpperCase() === 'ATTRIBUTION' && c.subject ? [' · ', h('a', { href: `#/jobs/${encodeURIComponent(c.subject)}` }, 'the job')] : null)),
    h('td', { class: 'num' }, [c.acceptedDelta ? `${c.acceptedDelta > 0 ? '+' : ''}${c.acceptedDelta} accepted` : '',
      c.rejectedDelta ? ` ${c.rejectedDelta > 0 ? '+' : ''}${c.rejectedDelta} rejected` : ''].join('').trim() || '–'),
    h('td', { class: 'num' }, `${number(c.scoreBefore, 3)} → ${number(c.scoreAfter, 3)}`,
      h('span', { class: delta < 0 ? 'neg' : 'pos' }, ` (${delta >= 0 ? '+' : '−'}${number(Math.abs(delta), 3)})`)),
    h('td', {}, c.tierBefore !== c.tierAfter ? [badge(c.tierBefore), ' → ', badge(c.tierAfter)] : badge(c.tierAfter)));
}

export default {
  name: 'contributor',
  title: 'Contributor',
  render(root, { id }, { signal }) {
    const head = pageHeader(id, id === me() ? 'This is you.' : null);
    const body = h('div', { 'aria-live': 'polite' }, loading());
    root.append(head, body);
    let history = [];
    let total = 0;
    let view = null;

    const paint = (changed) => {
      const o = view.overall;
      const score = h('span', { class: 'big-number', testid: 'contributor-score', 'data-score': o.score }, number(o.score, 3));
      const values = [...history].reverse().map((c) => c.scoreAfter);
      const moreButton = history.length < total
        ? h('button', { type: 'button', class: 'button subtle', onClick: () => loadMore() }, `Show older (${total - history.length} more)`)
        : null;
      replace(body, 
        h('div', { class: 'split wide-right' },
          card('Reputation',
            h('div', { class: 'score-head' }, score, badge(o.tier, { testid: 'contributor-tier' })),
            facts([
              ['Accepted uploads', h('span', { testid: 'contributor-accepted' }, String(o.accepted))],
              ['Rejected uploads', String(o.rejected)],
              ['Acceptance rate', percent(o.acceptanceRate)],
              ['New information accepted', bytes(o.informationAccepted)],
              ['Attribution earned', number(o.attributionEarned, 3)],
              ['Tier for quotas', [badge(view.announcedTier), view.announcedTier !== o.tier ? h('span', { class: 'sub' }, ' (as last announced; decay moves it at the next sweep)') : '']],
              ['As of', dateTime(view.asOf)],
            ]),
            values.length > 1 && h('figure', { class: 'trend' },
              sparkline({ values, title: 'Score over time', desc: `Score after each of the last ${values.length} changes, oldest first.` }),
              h('figcaption', { class: 'hint' }, `Score after each of the last ${values.length} changes`))),
          card('How the score was earned', breakdown(o))),
        view.datanets.length > 0 && card('Per datanet', table({
          caption: 'Standing per datanet',
          columns: ['Datanet', { label: 'Score', className: 'num' }, 'Tier', { label: 'Accepted', className: 'num' }, { label: 'Rejected', className: 'num' }, { label: 'Attribution', className: 'num' }],
          rows: view.datanets.map((d) => h('tr', {},
            h('th', { scope: 'row' }, h('a', { href: `#/datanets/${encodeURIComponent(d.datanetId)}` }, datanetName(d.datanetId))),
            h('td', { class: 'num' }, number(d.score, 3)), h('td', {}, badge(d.tier)),
            h('td', { class: 'num' }, String(d.accepted)), h('td', { class: 'num' }, String(d.rejected)),
            h('td', { class: 'num' }, number(d.attributionEarned, 3)))),
        })),
        card('History', h('div', { testid: 'contributor-history' }, table({
          caption: 'What changed the score, newest first',
          columns: ['When', 'Kind', 'Why', { label: 'Uploads', className: 'num' }, { label: 'Score', className: 'num' }, 'Tier'],
          rows: history.map(historyRow),
          empty: 'No changes yet.',
        }), moreButton)));
      if (changed) flash(score);
    };

    const load = async (changed) => {
      view = await get('reputation', `/api/contributors/${encodeURIComponent(id)}`, { size: PAGE_SIZE }, signal);
      history = view.history.items;
      total = view.history.total;
      paint(changed);
    };
    const loadMore = async () => {
      const next = await get('reputation', `/api/contributors/${encodeURIComponent(id)}`, { size: PAGE_SIZE, page: Math.floor(history.length / PAGE_SIZE) }, signal);
      const seen = new Set(history.map((c) => c.id));
      history = [...history, ...next.history.items.filter((c) => !seen.has(c.id))];
      total = next.history.total;
      paint();
    };
    const fail = (err) => {
      if (isAbort(err)) return;
      replace(body, err.status === 404
        ? h('p', { class: 'empty' }, `${id} has no reputation yet: no upload of theirs has been decided and no model credited them.`)
        : errorBox(err, rerender));
    };
    const reload = debounce((changed) => load(changed).catch(fail), 300);

    loadDatanets().catch(() => {});
    load().catch(fail);
    const subscriptions = [
      on(EVENT.reputationUpdated, ({ data }) => { if (data.contributorId === id) reload(true); }),
      onResync(() => reload()),
    ];
    return () => {
      subscriptions.forEach((u) => u());
      reload.cancel();
    };
  },
};
