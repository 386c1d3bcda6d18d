// Small app-wide rules the pages share with the shell.

import { navigate } from './router.js';
import { session, hasRole } from './session.js';
import { ownsAny } from './stores/datanets.js';

export const RETURN_KEY = 'datanet.console.returnTo';

/** Reviews concern validators, operators and the owners of datanets. */
export function canReview() {
  const me = session();
  return Boolean(me) && (hasRole('validator', 'operator') || ownsAny(me.subject));
}

/** Where to go after signing in: the page the visitor first asked for, else the datanets. */
export function afterSignIn() {
  const back = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  navigate(back && back !== '/signin' ? back : '/datanets');
}

/** The signed-in subject (pages only render when someone is signed in). */
export function me() {
  return session()?.subject ?? null;
}
