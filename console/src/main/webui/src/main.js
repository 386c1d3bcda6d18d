// Start-up and the page shell: header with navigation, who is signed in and the live-feed state; routing with the
// rule that only the sign-in page is open to visitors who are not signed in.

import './styles.css';
import { h, replace, announce } from './dom.js';
import { setUnauthorizedHandler } from './api.js';
import * as live from './events.js';
import { route, setGuard, setAfterRender, start, navigate, currentPath, signInPath } from './router.js';
import { session, loadConfig, restore, signOut, expired, onSessionChange } from './session.js';
import { startDatanets, stopDatanets, onDatanetsChange } from './stores/datanets.js';
import { startReviews, stopReviews } from './stores/reviews.js';
import { setNotice } from './notice.js';
import { canReview } from './app.js';

import signinPage from './pages/signin.js';
import datanetsPage from './pages/datanets.js';
import datanetPage from './pages/datanet.js';
import uploadPage from './pages/upload.js';
import reviewsPage from './pages/reviews.js';
import leaderboardPage from './pages/leaderboard.js';
import contributorPage from './pages/contributor.js';
import trainingPage from './pages/training.js';
import jobPage from './pages/job.js';

route('/signin', signinPage);
route('/datanets', datanetsPage);
route('/datanets/:id', datanetPage);
route('/upload', uploadPage);
route('/reviews', reviewsPage);
route('/leaderboard', leaderboardPage);
route('/contributors/:id', contributorPage);
route('/training', trainingPage);
route('/jobs/:id', jobPage);

const NAV = [
  { path: '/datanets', label: 'Datanets', testid: 'nav-datanets', match: /^\/datanets/ },
  { path: '/upload', label: 'Upload', testid: 'nav-upload', match: /^\/upload/ },
  { path: '/reviews', label: 'Reviews', testid: 'nav-reviews', match: /^\/reviews/, visible: canReview },
  { path: '/leaderboard', label: 'Leaderboard', testid: 'nav-leaderboard', match: /^\/(leaderboard|contributors)/ },
  { path: '/training', label: 'Training', testid: 'nav-training', match: /^\/(training|jobs)/ },
];

const LIVE_TEXT = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

let headerFor = null; // who the header was built for; rebuilt only when that changes
let navItems = new Map(); // path -> <li>, kept while the header lives (hidden items are detached, not just hidden)

/**
 * The header is built once per signed-in user and then only updated (current page, whether Reviews shows), so its
 * links stay the same elements: re-creating them on every change would pull them from under a pointer or a test.
 */
function renderHeader() {
  const bar = document.getElementById('topbar');
  const me = session();
  const key = me ? `${me.subject}|${me.roles.join(',')}` : '';
  if (key !== headerFor) {
    headerFor = key;
    const brand = h('a', { class: 'brand', href: me ? '#/datanets' : '#/signin' },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Datanet');
    if (!me) {
      replace(bar, h('div', { class: 'topbar-inner' }, brand));
      return;
    }
    navItems = new Map(NAV.map((item) => [item.path, h('li', { 'data-nav': item.path },
      h('a', { href: `#${item.path}`, testid: item.testid }, item.label))]));
    const nav = h('nav', { class: 'mainnav', 'aria-label': 'Main' }, h('ul', {}));
    const liveBadge = h('span', { class: 'live', id: 'live-status', role: 'status', 'aria-live': 'polite' });
    const user = h('div', { class: 'user' },
      liveBadge,
      h('span', { class: 'whoami', testid: 'whoami', title: `Roles: ${me.roles.join(', ')}` },
        h('span', { class: 'who', title: me.subject }, me.name ?? me.subject), ' ',
        h('span', { class: 'roles' }, me.roles.join(', '))),
      h('button', { type: 'button', class: 'button subtle', testid: 'signout', onClick: () => signOut().catch(() => {}) }, 'Sign out'));
    replace(bar, h('div', { class: 'topbar-inner' }, brand, nav, user));
    paintLive(live.liveStatus());
  }
  if (!me) return;
  const path = currentPath();
  const ul = bar.querySelector('.mainnav ul');
  const shown = NAV.filter((item) => !item.visible || item.visible()).map((item) => navItems.get(item.path));
  shown.forEach((li, i) => { if (ul.children[i] !== li) ul.insertBefore(li, ul.children[i] ?? null); });
  while (ul.children.length > shown.length) ul.lastElementChild.remove();
  for (const item of NAV) {
    const a = navItems.get(item.path).firstElementChild;
    if (item.match.test(path)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function paintLive(state) {
  const badge = document.getElementById('live-status');
  if (!badge) return;
  badge.dataset.state = state;
  badge.textContent = LIVE_TEXT[state] ?? state;
  badge.title = state === 'live' ? 'Views update as events arrive' : 'Live updates paused; they resume by themselves';
}

setUnauthorizedHandler(() => expired());
live.onStatus(paintLive);
onDatanetsChange(renderHeader);

let started = false;
onSessionChange((me, reason) => {
  renderHeader();
  if (me) {
    // A new sign-in (possibly as someone else) needs a stream opened with the new cookie.
    live.disconnect();
    live.connect(() => expired());
    startDatanets();
    startReviews(me);
    return;
  }
  live.disconnect();
  stopDatanets();
  stopReviews();
  if (reason) {
    setNotice(reason);
    announce(reason);
  }
  // At start-up the router's guard does this (and remembers the page asked for); afterwards a session that ends
  // takes the user to sign-in, coming back to the same page when it expired rather than being signed out.
  if (started && !currentPath().startsWith('/signin')) {
    navigate(reason && !reason.includes('signed out') ? signInPath(currentPath()) : '/signin');
  }
});

setGuard((path, page) => {
  if (page.public) return null;
  if (!session()) return signInPath(path);
  return null;
});

let firstRender = true;
setAfterRender((page) => {
  document.title = `${page.title} · Datanet console`;
  renderHeader();
  // Move focus to the new page's heading, so keyboard and screen-reader users start there (not on the first page
  // load, where the browser's own start position is expected).
  if (!firstRender) {
    const heading = document.querySelector('#app h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: false });
    }
  }
  firstRender = false;
});

// The skip link must not change the hash: that is the router's.
document.getElementById('skip-link')?.addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('app').focus();
});

/**
 * Earlier versions kept review queues, loss curves, the last datanet uploaded to and the leaderboard's scope in
 * localStorage (and the page to return to after sign-in in sessionStorage); the services and the address keep them
 * now, and this removes what an earlier version left.
 */
function forgetOldCaches() {
  try {
    for (const key of Object.keys(localStorage)) {
      if (/^datanet\.console\./.test(key)) localStorage.removeItem(key);
    }
    sessionStorage.removeItem('datanet.console.returnTo');
  } catch {
    // storage disabled: nothing was kept
  }
}

async function boot() {
  forgetOldCaches();
  await loadConfig();
  try {
    await restore();
  } catch {
    // The console is unreachable: show sign-in, which reports errors when used.
  }
  renderHeader();
  started = true;
  start();
}

boot();
