// A one-time message for the next page to show (e.g. "Your session expired" on the sign-in page).

let pending = null;

export function setNotice(text) {
  pending = text;
}

export function takeNotice() {
  const text = pending;
  pending = null;
  return text;
}
