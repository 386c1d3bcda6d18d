// A tiny element builder. Everything the services send (names, descriptions, reasons, comments) is user-written
// text, so the app never assembles HTML strings: text always goes in as text nodes, never through innerHTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el, attrs) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key === 'testid') {
      el.setAttribute('data-testid', value);
    } else if (key === 'style' && typeof value === 'object') {
      Object.assign(el.style, value);
    } else if (key === 'value' && el.tagName === 'INPUT') {
      // As the attribute, so form.reset() returns to it.
      el.setAttribute('value', value);
    } else if (key === 'value' && 'value' in el) {
      el.value = value;
    } else if (key === 'checked' || key === 'selected') {
      el.setAttribute(key, ''); // the default state form.reset() returns to
      el[key] = true;
    } else if (key === 'disabled' && key in el) {
      el.disabled = true;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: h('p', {class: 'x', testid: 'y', onClick: fn}, 'text', otherNode, [more]). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  append(el, children);
  apply(el, attrs); // after the children: a <select>'s value needs its options
  return el;
}

/** An SVG element, same calling convention as h(). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  append(el, children);
  apply(el, attrs);
  return el;
}

/** Replaces all children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let idCounter = 0;
/** A document-unique id for label/aria wiring. */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Says something to screen-reader users through the page's polite live region. */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  // Clearing first makes repeated identical messages be read again.
  region.textContent = '';
  setTimeout(() => { region.textContent = message; }, 30);
}

/** A link inside the app. */
export function link(route, text, attrs = {}) {
  return h('a', { href: `#${route}`, ...attrs }, text);
}

/**
 * Keyed list rendering for live pages: makes the items' rows the first children of `container`, in order, reusing
 * each item's row from `rows` (key -> row) so focus, open details and highlights survive updates. `create(item)`
 * makes a row `{ el, update(item) }` (update optional); an existing row gets `update(item)`. Returns the rows this
 * call created.
 */
export function placeRows(container, rows, items, keyOf, create) {
  const created = [];
  items.forEach((item, i) => {
    const key = keyOf(item);
    let row = rows.get(key);
    if (!row) {
      row = create(item);
      rows.set(key, row);
      created.push(row);
    } else {
      row.update?.(item);
    }
    if (container.children[i] !== row.el) container.insertBefore(row.el, container.children[i] ?? null);
  });
  return created;
}

/** Removes from the page, and from `rows`, every row whose key is not in `keep` (a Set or Map). */
export function dropRows(rows, keep) {
  for (const [key, row] of rows) {
    if (!keep.has(key)) {
      row.el.remove();
      rows.delete(key);
    }
  }
}
