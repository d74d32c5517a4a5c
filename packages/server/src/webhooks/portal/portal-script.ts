/**
 * The portal page's script (served as `portal/portal.js`, CSP `script-src 'self'`): it
 * exchanges the link's one-time token for a session token, keeps that in sessionStorage
 * only, and drives the Svix-compatible API with it. Plain ES2020 and the DOM; every value
 * from the API is put on the page as text, never as markup.
 */
export const PORTAL_JS = String.raw`'use strict';
(function () {
  var PAGE = '/castellan/webhooks/portal';
  var root = location.pathname.slice(0, location.pathname.lastIndexOf(PAGE));
  var STORE = 'castellan.portal.session';
  var session = null;
  var eventTypes = [];
  var editing = null;
  var selected = null;
  var timer = null;

  function $(id) { return document.getElementById(id); }
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === 'text') node.textContent = props[k];
      else if (k === 'onclick') node.addEventListener('click', guard(props[k]));
      else node.setAttribute(k, props[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function show(id, on) { $(id).hidden = !on; }
  function status(text) { $('status').textContent = text || ''; show('status', !!text); }
  function fatal(text) {
    status('');
    show('portal', false);
    $('fatal-message').textContent = text;
    show('fatal', true);
  }
  function when(iso) { return iso ? new Date(iso).toLocaleString() : ''; }

  function problemOf(body, fallback) {
    if (!body) return fallback;
    if (Array.isArray(body.detail)) {
      return body.detail.map(function (d) { return (d.loc || []).slice(-1)[0] + ': ' + d.msg; }).join('; ');
    }
    if (typeof body.detail === 'string') return body.detail;
    if (body.errors && body.errors[0]) return body.errors[0].long_message || body.errors[0].message;
    return fallback;
  }

  async function api(method, path, body) {
    var response = await fetch(root + '/svix/api/v1' + path, {
      method: method,
      headers: Object.assign({ authorization: 'Bearer ' + session.token },
        body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      sessionStorage.removeItem(STORE);
      fatal('Your portal session has ended.');
      throw new Error('session ended');
    }
    var text = await response.text();
    var json = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error(problemOf(json, 'HTTP ' + response.status));
    return json;
  }
  var app = function () { return '/app/' + encodeURIComponent(session.appId); };

  async function openSession() {
    var match = /(?:^|[#&])token=([^&]+)/.exec(location.hash) || /[?&]token=([^&]+)/.exec(location.search);
    if (match) {
      // The token leaves the address bar and history before anything else happens.
      history.replaceState(null, '', location.pathname);
      var response = await fetch(root + PAGE + '/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: decodeURIComponent(match[1]) }),
      });
      var json = await response.json().catch(function () { return null; });
      if (!response.ok) return fatal(problemOf(json, 'The link could not be opened.'));
      session = { token: json.token, appId: json.app_id, expiresAt: json.expires_at };
      sessionStorage.setItem(STORE, JSON.stringify(session));
      return true;
    }
    var kept = JSON.parse(sessionStorage.getItem(STORE) || 'null');
    if (kept && kept.expiresAt > Date.now()) { session = kept; return true; }
    sessionStorage.removeItem(STORE);
    return fatal(kept ? 'Your portal session has expired.' : 'This page opens from a portal link.');
  }

  async function loadEventTypes() {
    var list = await api('GET', '/event-type?limit=250&order=ascending');
    eventTypes = list.data.map(function (t) { return t.name; });
  }

  async function loadEndpoints() {
    var list = await api('GET', app() + '/endpoint?limit=250&order=ascending');
    var body = $('endpoints').tBodies[0];
    body.replaceChildren();
    list.data.forEach(function (ep) {
      var state = ep.disabled ? el('span', { class: 'badge off', text: 'disabled' }) : el('span', { class: 'badge ok', text: 'enabled' });
      body.appendChild(el('tr', { 'data-endpoint': ep.id }, [
        el('td', { class: 'url', text: ep.url }),
        el('td', { text: ep.description }),
        el('td', { text: ep.filterTypes ? ep.filterTypes.join(', ') : 'all events' }),
        el('td', {}, [state]),
        el('td', {}, [el('div', { class: 'actions' }, [
          el('button', { type: 'button', text: 'Deliveries', onclick: function () { openDetail(ep); } }),
          el('button', { type: 'button', text: 'Edit', onclick: function () { openEditor(ep); } }),
          el('button', { type: 'button', text: ep.disabled ? 'Enable' : 'Disable', onclick: function () { toggle(ep); } }),
          el('button', { type: 'button', class: 'danger', text: 'Delete', onclick: function () { remove(ep); } }),
        ])]),
      ]));
    });
    show('no-endpoints', list.data.length === 0);
  }

  async function loadMessages() {
    var list = await api('GET', app() + '/msg?limit=20');
    var body = $('messages').tBodies[0];
    body.replaceChildren();
    list.data.forEach(function (m) {
      body.appendChild(el('tr', { 'data-message': m.id }, [
        el('td', { text: m.eventType }), el('td', { class: 'mono', text: m.id }), el('td', { text: when(m.timestamp) }),
      ]));
    });
    show('no-messages', list.data.length === 0);
  }

  function openEditor(ep) {
    editing = ep || null;
    $('editor-title').textContent = ep ? 'Edit endpoint' : 'Add endpoint';
    $('endpoint-url').value = ep ? ep.url : '';
    $('endpoint-description').value = ep ? ep.description : '';
    var box = $('event-types');
    box.replaceChildren();
    eventTypes.forEach(function (name) {
      var input = el('input', { type: 'checkbox', value: name, name: 'eventType' });
      input.checked = !!(ep && ep.filterTypes && ep.filterTypes.indexOf(name) !== -1);
      box.appendChild(el('label', {}, [input, document.createTextNode(' ' + name)]));
    });
    show('editor-error', false);
    show('editor', true);
    $('endpoint-url').focus();
  }

  async function save(event) {
    event.preventDefault();
    var checked = Array.prototype.slice.call(document.querySelectorAll('#event-types input:checked'))
      .map(function (i) { return i.value; });
    var fields = {
      url: $('endpoint-url').value.trim(),
      description: $('endpoint-description').value,
      filterTypes: checked.length ? checked : null,
    };
    try {
      if (editing) await api('PATCH', app() + '/endpoint/' + editing.id, fields);
      else await api('POST', app() + '/endpoint', fields);
      show('editor', false);
      await loadEndpoints();
    } catch (error) {
      $('editor-error').textContent = error.message;
      show('editor-error', true);
    }
  }

  async function toggle(ep) {
    await api('PATCH', app() + '/endpoint/' + ep.id, { disabled: !ep.disabled });
    await loadEndpoints();
  }

  async function remove(ep) {
    if (!confirm('Delete the endpoint ' + ep.url + '? Its deliveries go with it.')) return;
    await api('DELETE', app() + '/endpoint/' + ep.id);
    if (selected && selected.id === ep.id) closeDetail();
    await loadEndpoints();
  }

  function openDetail(ep) {
    selected = ep;
    $('detail-title').textContent = ep.description || 'Endpoint';
    $('detail-url').textContent = ep.url;
    $('secret-value').textContent = '••••••••';
    $('show-secret').textContent = 'Show';
    show('detail', true);
    loadDeliveries();
    clearInterval(timer);
    timer = setInterval(function () { if (!document.hidden) loadDeliveries(); }, 2000);
  }
  function closeDetail() { selected = null; clearInterval(timer); show('detail', false); }

  async function toggleSecret() {
    if ($('show-secret').textContent === 'Hide') {
      $('secret-value').textContent = '••••••••';
      $('show-secret').textContent = 'Show';
      return;
    }
    var secret = await api('GET', app() + '/endpoint/' + selected.id + '/secret');
    $('secret-value').textContent = secret.key;
    $('show-secret').textContent = 'Hide';
  }

  async function rotateSecret() {
    if (!confirm('Rotate the signing secret? The current one keeps signing for 24 hours.')) return;
    await api('POST', app() + '/endpoint/' + selected.id + '/secret/rotate', {});
    var secret = await api('GET', app() + '/endpoint/' + selected.id + '/secret');
    $('secret-value').textContent = secret.key;
    $('show-secret').textContent = 'Hide';
  }

  function statusBadge(text) {
    var cls = text === 'success' ? 'ok' : text === 'fail' ? 'fail' : 'pending';
    return el('span', { class: 'badge ' + cls, text: text });
  }

  async function loadDeliveries() {
    if (!selected) return;
    var ep = selected;
    var list = await api('GET', app() + '/endpoint/' + ep.id + '/msg?limit=20');
    var attempts = await api('GET', app() + '/attempt/endpoint/' + ep.id + '?limit=250');
    if (!selected || selected.id !== ep.id) return;
    var ul = $('deliveries');
    ul.replaceChildren();
    list.data.forEach(function (m) {
      var mine = attempts.data.filter(function (a) { return a.msgId === m.id; }).reverse();
      ul.appendChild(el('li', { 'data-delivery': m.id }, [
        el('div', { class: 'delivery-head' }, [
          statusBadge(m.statusText),
          el('strong', { text: m.eventType }),
          el('span', { class: 'mono', text: m.id }),
          el('span', { text: when(m.timestamp) }),
          el('button', { type: 'button', class: 'replay', text: 'Replay', onclick: function () { replay(ep, m); } }),
        ]),
        el('ul', { class: 'attempts' }, mine.map(function (a) {
          return el('li', { 'data-attempt': a.id, 'data-trigger': a.triggerType === 1 ? 'manual' : 'scheduled' }, [
            statusBadge(a.statusText),
            el('span', { class: 'code', text: a.responseStatusCode ? 'HTTP ' + a.responseStatusCode : 'no answer' }),
            el('span', { text: a.triggerType === 1 ? 'manual' : 'scheduled' }),
            el('span', { text: when(a.timestamp) }),
            el('span', { text: a.responseDurationMs + ' ms' }),
            el('span', { class: 'response', text: a.response, title: a.response }),
          ]);
        })),
      ]));
    });
    show('no-deliveries', list.data.length === 0);
  }

  async function replay(ep, m) {
    await api('POST', app() + '/msg/' + m.id + '/endpoint/' + ep.id + '/resend');
    status('Replay of ' + m.id + ' requested.');
    await loadDeliveries();
  }

  function guard(fn) {
    return function (event) {
      Promise.resolve(fn(event)).catch(function (error) {
        if (error.message !== 'session ended') status(error.message);
      });
    };
  }

  document.addEventListener('DOMContentLoaded', guard(async function () {
    $('add-endpoint').addEventListener('click', guard(function () { openEditor(null); }));
    $('cancel-edit').addEventListener('click', function () { show('editor', false); });
    $('endpoint-form').addEventListener('submit', guard(save));
    $('close-detail').addEventListener('click', closeDetail);
    $('show-secret').addEventListener('click', guard(toggleSecret));
    $('rotate-secret').addEventListener('click', guard(rotateSecret));
    $('refresh-deliveries').addEventListener('click', guard(loadDeliveries));
    $('refresh-messages').addEventListener('click', guard(loadMessages));
    if (!(await openSession())) return;
    $('app-id').textContent = session.appId;
    await loadEventTypes();
    await Promise.all([loadEndpoints(), loadMessages()]);
    status('');
    show('portal', true);
  }));
})();
`;
