// Small app-wide rules the pages share with the shell.

import { navigate, currentPath } from './router.js';
import { session, hasRole } from './session.js';
import { ownsAny } from './stores/datanets.js';

/** Reviews concern validators, operators and the owners of datanets. */
export function canReview() {
  const me = session();
  return Boolean(me) && (hasRole('validator', 'operator') || ownsAny(me.subject));
}

/** Where to go after signing in: the page the visitor first asked for, else the datanets. */
export function afterSignIn() {
  // Carried in the sign-in page's own address (router.signInPath), not in the browser's storage.
  const back = new URLSearchParams(currentPath().split('?')[1] ?? '').get('next');
  navigate(back && back.startsWith('/') && !back.startsWith('/signin') ? back : '/datanets');
}

/** The signed-in subject (pages only render when someone is signed in). */
export function me() {
  return session()?.subject ?? null;
}
