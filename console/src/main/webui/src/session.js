// Who is signed in. The token itself never reaches this code after sign-in: the back end keeps it behind an
// HttpOnly cookie and answers with the subject, roles and expiry, which is all the UI needs.

import { ApiError, request } from './api.js';

let current = null; // {subject, name, roles, expiresAt}
let config = { devTokens: false, identityProvider: null };
const listeners = new Set();
let expiryTimer = null;

export function session() {
  return current;
}

export function consoleConfig() {
  return config;
}

export function hasRole(...roles) {
  return Boolean(current?.roles?.some((r) => roles.includes(r)));
}

/** Subscribes to sign-in / sign-out; returns the unsubscribe function. */
export function onSessionChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function set(next, reason) {
  current = next;
  clearTimeout(expiryTimer);
  if (next?.expiresAt) {
    // The cookie stops working at expiresAt; sign out in the UI at the same moment instead of failing later.
    const ms = new Date(next.expiresAt).getTime() - Date.now();
    if (Number.isFinite(ms) && ms > 0 && ms < 2 ** 31 - 1) {
      expiryTimer = setTimeout(() => set(null, 'Your session expired. Sign in again.'), ms);
    }
  }
  for (const fn of listeners) fn(current, reason);
}

export async function loadConfig() {
  try {
    config = (await request('GET', '/console/config')) ?? config;
  } catch {
    config = { devTokens: false, identityProvider: null };
  }
  return config;
}

/** The current session from the cookie, or null when not signed in. */
export async function restore() {
  try {
    set(await request('GET', '/console/session'));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
    set(null);
  }
  return current;
}

export async function signIn(token) {
  set(await request('POST', '/console/session', { json: { token } }));
  return current;
}

export async function devSignIn(name, role) {
  set(await request('POST', '/console/dev-token', { json: { name, role } }));
  return current;
}

/**
 * Ends the session. With an identity provider the browser goes through the console's sign-out address, which also
 * ends the provider's session (else the next sign-in would silently be the same person's) and comes back here.
 */
export async function signOut() {
  if (config.identityProvider) {
    window.location.assign('/console/oidc/sign-out');
    return;
  }
  try {
    await request('DELETE', '/console/session');
  } finally {
    set(null, 'You are signed out.');
  }
}

/** The session ended on the server side (a proxied call or the event stream answered 401). */
export function expired() {
  if (current) set(null, 'Your session ended. Sign in again.');
}
