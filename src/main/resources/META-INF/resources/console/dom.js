// A few DOM helpers: elements are built with textContent, never innerHTML, so stored text is inert.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

export function fmtDate(s) {
  if (!s) return '';
  const d = new Date(s);
  return isNaN(d) ? s : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/:\d\dZ$/, ' UTC');
}

export function json(v) {
  return h('pre', { class: 'json' }, JSON.stringify(v ?? {}, null, 2));
}

export function isEmpty(o) { return !o || Object.keys(o).length === 0; }

export function errorBox(e) {
  const msg = e && e.status === 401
    ? 'The server wants an API key: enter it above (Api-Key …).'
    : 'Error' + (e && e.status ? ' ' + e.status : '') + ': ' + (e && e.message || e);
  return h('p', { class: 'error', role: 'alert' }, msg);
}

export const userLink = (id) => h('a', { href: '#/users/' + encodeURIComponent(id) }, id);
export const sessionLink = (id) => h('a', { href: '#/sessions/' + encodeURIComponent(id) }, id);
