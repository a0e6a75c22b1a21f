// Tributary web UI: helpers shared by its pages. Everything shown comes from the operator API;
// every text goes into the page as text (never as HTML).
'use strict';

/** Builds an element: h('td', {class: 'num'}, 'text', child, ...). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'style') el.style.cssText = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces an element's content. */
function fill(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

/** Calls the operator API; on 401 goes to the sign-in page. Resolves {status, body}. */
async function api(method, path, body, contentType) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['Content-Type'] = contentType || 'application/json';
  }
  const res = await fetch(path, init);
  if (res.status === 401) {
    location.href = '/ui/sign-in.html?then=' + encodeURIComponent(location.pathname + location.search);
    throw new Error('not signed in');
  }
  const text = await res.text();
  let parsed = text;
  try { parsed = text ? JSON.parse(text) : null; } catch (e) { /* not JSON */ }
  return { status: res.status, body: parsed };
}

/** The error text of an API answer. */
function errorOf(answer) {
  const b = answer.body;
  if (b && typeof b === 'object') {
    if (b.error) return b.error;
    if (Array.isArray(b.errors)) return b.errors.map((e) => (e.field ? e.field + ': ' : '') + e.message).join('\n');
  }
  return 'HTTP ' + answer.status + (typeof b === 'string' && b ? ': ' + b : '');
}

function badge(text) { return text ? h('span', { class: 'badge ' + text }, text) : h('span', { class: 'muted' }, '–'); }
function num(n) { return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'); }
function when(t) { return t ? new Date(t).toLocaleString() : '–'; }
function duration(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}
function param(name) { return new URLSearchParams(location.search).get(name); }

/** The page header: home link, who is signed in, sign in/out. */
async function topBar() {
  const who = h('span', { class: 'who' });
  document.body.prepend(h('header', { class: 'top' }, h('a', { href: '/ui/' }, 'Tributary'), who));
  try {
    const me = await api('GET', '/ui/whoami');
    const name = me.body && me.body.operator;
    if (name && name !== 'anonymous') {
      fill(who, 'signed in as ' + name + ' ',
        h('form', { method: 'post', action: '/ui/sign-out' }, h('button', { type: 'submit', id: 'sign-out' }, 'Sign out')));
    } else {
      fill(who, h('a', { href: '/ui/sign-in.html?then=' + encodeURIComponent(location.pathname + location.search), id: 'sign-in' }, 'Sign in'));
    }
  } catch (e) { /* sign-in page follows */ }
}

/** Shows a message in a box: kind 'ok' or 'error'. */
function say(box, kind, text) { fill(box, h('div', { class: 'message ' + kind }, text)); }
