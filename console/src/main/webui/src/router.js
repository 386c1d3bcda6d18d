// Hash routing (#/datanets/abc): the back end serves one index.html and needs no route knowledge, and a reload
// keeps the user where they were. A page is {name, title, render(container, params, ctx) -> cleanup?}; the cleanup
// runs when the user leaves, so pages unsubscribe from live events and abort their requests.

const routes = [];
let current = null; // {cleanup, controller}
let guard = () => null;
let afterRender = () => {};

/** Registers `pattern` like '/datanets/:id'. */
export function route(pattern, page) {
  const names = [];
  const regex = new RegExp(`^${pattern.replace(/:([a-zA-Z]+)/g, (_, name) => {
    names.push(name);
    return '([^/]+)';
  })}/?$`);
  routes.push({ regex, names, page });
}

/** `check(path, page)` may return another path to go to instead (e.g. sign-in when nobody is signed in). */
export function setGuard(check) {
  guard = check;
}

export function setAfterRender(fn) {
  afterRender = fn;
}

export function currentPath() {
  const hash = decodeURI(location.hash.replace(/^#/, ''));
  return hash.startsWith('/') ? hash : '/';
}

export function navigate(path, { replace = false } = {}) {
  const target = `#${path}`;
  if (location.hash === target) {
    render();
  } else if (replace) {
    history.replaceState(null, '', target);
    render();
  } else {
    location.hash = target;
  }
}

/**
 * Writes a page's query (#/upload?datanet=abc) into the address without rendering the page again: a choice made on
 * the page survives a reload and can be shared as a link, and nothing is kept in the browser's storage.
 */
export function replaceQuery(values) {
  const [routePath] = currentPath().split('?');
  const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v)).toString();
  history.replaceState(null, '', `#${routePath}${query ? `?${query}` : ''}`);
}

/** The path to sign in at, coming back to `path` afterwards (#/signin?next=%2Fjobs%2Fabc). */
export function signInPath(path) {
  return path && path !== '/' && !path.startsWith('/signin') ? `/signin?next=${encodeURIComponent(path)}` : '/signin';
}

function match(path) {
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (m) {
      const params = {};
      r.names.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
      return { page: r.page, params };
    }
  }
  return null;
}

export function render() {
  const path = currentPath();
  // An optional query (#/upload?datanet=abc) preselects things on a page; it is not part of the route.
  const [routePath, queryString] = path.split('?');
  const found = match(routePath);
  if (!found) {
    navigate('/datanets', { replace: true });
    return;
  }
  const redirect = guard(path, found.page);
  if (redirect && redirect !== path) {
    navigate(redirect, { replace: true });
    return;
  }
  if (current) {
    current.controller.abort();
    try {
      current.cleanup?.();
    } catch (e) {
      console.error('page cleanup failed', e);
    }
  }
  const container = document.getElementById('app');
  container.replaceChildren();
  container.setAttribute('data-testid', `page-${found.page.name}`);
  const controller = new AbortController();
  const query = Object.fromEntries(new URLSearchParams(queryString ?? ''));
  const cleanup = found.page.render(container, found.params, { signal: controller.signal, path, query });
  current = { cleanup, controller };
  afterRender(found.page, path);
}

export function start() {
  window.addEventListener('hashchange', render);
  render();
}
