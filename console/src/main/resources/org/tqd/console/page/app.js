// The operator page: reads the session (/auth/session) and the operator API (/api/v1/), and
// sends writes with the session's CSRF token. Every text from the server is inserted with
// textContent, never parsed as HTML, so ticket texts can never become markup or script.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);

  const ACTIONS = {
    plan: { label: 'Plan', permission: 'actions:plan', scope: 'ticket',
      describe: (t) => 'Work out what the pipeline would do on ticket ' + t + ', with the texts it would write. Nothing is written to TeamDynamix.' },
    run: { label: 'Run', permission: 'actions:run', scope: 'ticket',
      describe: (t) => 'Run the pipeline on ticket ' + t + ' now. Actions already done are not repeated.' },
    retry: { label: 'Retry', permission: 'actions:retry', scope: 'ticket',
      describe: (t) => 'Clear the failed and parked actions of ticket ' + t + ' and run the pipeline again.' },
    cancel: { label: 'Cancel', permission: 'actions:cancel', scope: 'ticket',
      describe: (t) => 'Cancel the running workflow of ticket ' + t + '.' },
    undo: { label: 'Undo', permission: 'actions:undo', scope: 'ticket', danger: true,
      describe: (t) => 'Undo what tqd did on ticket ' + t + ', newest first. Values a person has changed since are left alone and reported.' },
    pause: { label: 'Pause', permission: 'actions:pause', scope: 'global', danger: true,
      describe: () => 'Stop polling: no new ticket runs start until resumed.' },
    resume: { label: 'Resume', permission: 'actions:resume', scope: 'global',
      describe: () => 'Start polling again.' },
  };

  const state = { session: null, ticketId: null, ticket: null, queues: [], auditPage: 1, auditFilters: {} };

  // ---- DOM helpers (text only) ----
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = String(v);
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function clear(node) { node.replaceChildren(); return node; }

  function safeLink(href, text) {
    // only http(s) links: a javascript: URL from data would run script
    if (typeof href !== 'string' || !/^https?:\/\//i.test(href)) return document.createTextNode(text || '');
    return el('a', { href: href, rel: 'noopener noreferrer', target: '_blank' }, text || href);
  }

  function label(key) { return String(key).replace(/_/g, ' '); }

  function isScalar(v) { return v === null || ['string', 'number', 'boolean'].includes(typeof v); }

  function scalarText(v) {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    return String(v);
  }

  // Any JSON value as DOM: objects as definition lists, lists of objects as tables.
  function renderValue(v, key) {
    if (isScalar(v) || v === undefined) {
      if (typeof v === 'string' && key && /url$/i.test(key)) return safeLink(v, v);
      return document.createTextNode(scalarText(v));
    }
    if (Array.isArray(v)) {
      if (v.length === 0) return document.createTextNode('—');
      if (v.every(isScalar)) return document.createTextNode(v.map(scalarText).join(', '));
      if (v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) return renderTable(v);
      return el('ol', {}, ...v.map((x) => el('li', {}, renderValue(x))));
    }
    return renderDl(v);
  }

  function renderDl(obj, skip) {
    const dl = el('dl', { class: 'kv' });
    for (const [k, v] of Object.entries(obj)) {
      if (v === null || v === undefined || (skip && skip.includes(k))) continue;
      dl.append(el('dt', { text: label(k) }), el('dd', {}, renderValue(v, k)));
    }
    return dl;
  }

  function renderTable(rows, columns, extra) {
    const cols = columns || [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const head = el('tr', {}, ...cols.map((c) => el('th', { scope: 'col', text: label(c) })));
    if (extra) head.append(el('th', { scope: 'col', text: extra.title }));
    const body = rows.map((r) => {
      const tr = el('tr', {}, ...cols.map((c) => el('td', {}, renderValue(r[c], c))));
      if (extra) tr.append(el('td', {}, extra.cell(r)));
      return tr;
    });
    return el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, head), el('tbody', {}, ...body)));
  }

  // ---- toasts ----
  function toast(kind, text) {
    const t = el('div', { class: 'toast ' + kind, role: kind === 'error' ? 'alert' : 'status' },
      el('span', { class: 'toast-text', text: text }));
    const close = el('button', { type: 'button', 'aria-label': 'Dismiss', text: '×', onclick: () => t.remove() });
    t.append(close);
    $('toasts').append(t);
    setTimeout(() => t.remove(), kind === 'error' ? 20000 : 10000);
  }

  // ---- HTTP ----
  class ApiError extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }

  async function call(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && state.session && state.session.csrf_token) {
      headers['X-CSRF-Token'] = state.session.csrf_token;
    }
    let res;
    try {
      res = await fetch(path, { method, headers, credentials: 'same-origin', cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, 'NETWORK', 'The console cannot be reached: ' + e.message);
    }
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) {
      const err = data && data.error ? data.error : {};
      if (res.status === 401) showSignIn('Your session has ended. Sign in again.');
      throw new ApiError(res.status, err.code || 'HTTP_' + res.status, err.message || 'The console answered ' + res.status);
    }
    return { status: res.status, data };
  }

  function can(permission) {
    return !!(state.session && state.session.permissions && state.session.permissions.includes(permission));
  }

  // ---- session ----
  async function loadSession() {
    const { data } = await call('GET', '/auth/session');
    state.session = data;
    $('loading').hidden = true;
    if (!data.signed_in) {
      showSignIn(data.sign_in_enabled ? null
        : 'Sign-in is not configured on this console (TQD_OIDC_ISSUER and TQD_OIDC_CLIENT_ID). Scripts can use the API with a console token.');
      return false;
    }
    const who = clear($('who'));
    who.append(el('span', { class: 'name', text: data.name }), el('span', { class: 'role', text: data.role || 'no role' }));
    if (data.via === 'session') {
      who.append(el('button', { type: 'button', id: 'signout', text: 'Sign out', onclick: signOut }));
    }
    $('signin').hidden = true;
    $('app').hidden = false;
    return true;
  }

  function showSignIn(message) {
    $('loading').hidden = true;
    $('app').hidden = true;
    $('signin').hidden = false;
    clear($('who'));
    if (message) $('signin-text').textContent = message;
    const enabled = !state.session || state.session.sign_in_enabled !== false;
    $('signin-link').hidden = !enabled;
    $('signin-link').setAttribute('href', '/auth/login?next=' + encodeURIComponent(location.pathname + location.hash));
  }

  async function signOut() {
    try { await call('POST', '/auth/logout'); } catch (e) { /* signed out either way */ }
    state.session = null;
    showSignIn('You are signed out.');
  }

  // ---- queues ----
  const QUEUE_COLUMNS = ['pipeline', 'enabled', 'report_id', 'tickets_in_report', 'tickets', 'done', 'running', 'failed',
    'parked', 'not_applicable', 'rolled_back', 'last_poll', 'next_poll', 'last_poll_error', 'paused'];

  async function loadQueues() {
    const box = $('queues-body');
    box.setAttribute('aria-busy', 'true');
    try {
      const { data } = await call('GET', '/api/v1/queues');
      const rows = Array.isArray(data) ? data : (data.queues || []);
      state.queues = rows;
      clear(box);
      if (rows.length === 0) { box.append(el('p', { class: 'muted', text: 'No pipelines.' })); return; }
      const extra = (can('actions:pause') || can('actions:resume')) ? {
        title: 'polling',
        cell: (r) => el('div', { class: 'buttons' },
          r.paused ? actionButton('resume', { pipeline: r.pipeline }) : actionButton('pause', { pipeline: r.pipeline })),
      } : null;
      box.append(renderTable(rows, QUEUE_COLUMNS.filter((c) => rows.some((r) => c in r)), extra));
    } catch (e) {
      clear(box).append(el('p', { class: 'error', text: 'Queues cannot be read: ' + e.message }));
    } finally {
      box.removeAttribute('aria-busy');
    }
  }

  // ---- ticket ----
  async function openTicket(id, focus) {
    state.ticketId = id;
    const view = $('ticket-view');
    view.hidden = false;
    $('ticket-title').textContent = 'Ticket ' + id;
    $('plan-view').hidden = true;
    const timeline = clear($('timeline'));
    timeline.setAttribute('aria-busy', 'true');
    renderTicketActions();
    try {
      const { data } = await call('GET', '/api/v1/tickets/' + encodeURIComponent(id));
      state.ticket = data;
      renderTicket(data);
    } catch (e) {
      timeline.append(el('li', { class: 'error', text: 'Ticket ' + id + ' cannot be read: ' + e.message }));
    } finally {
      timeline.removeAttribute('aria-busy');
    }
    if (focus) $('ticket-title').focus();
  }

  function renderTicketActions() {
    const box = clear($('ticket-actions'));
    for (const name of ['plan', 'run', 'retry', 'cancel', 'undo']) {
      if (can(ACTIONS[name].permission)) box.append(actionButton(name, { ticket: state.ticketId }));
    }
  }

  function renderTicket(t) {
    const title = t.title ? 'Ticket ' + t.ticket_id + ': ' + t.title : 'Ticket ' + (t.ticket_id || state.ticketId);
    $('ticket-title').textContent = title;
    const links = clear($('ticket-links'));
    if (t.tdx_url) links.append(safeLink(t.tdx_url, 'Open in TeamDynamix'));
    for (const w of t.workflows || []) {
      if (w.url) links.append(safeLink(w.url, 'Temporal: ' + w.workflow_id));
      else links.append(el('span', { class: 'muted', text: 'Workflow ' + w.workflow_id + ' ' }));
    }
    const timeline = clear($('timeline'));
    const actions = t.actions || [];
    if (actions.length === 0) {
      timeline.append(el('li', { class: 'muted', text: 'tqd has not acted on this ticket yet.' }));
      return;
    }
    for (const a of actions) {
      const head = el('div', { class: 'panel-head' },
        el('strong', { text: a.action_id || a.action_type }),
        el('span', { class: 'badge', text: a.state || '' }));
      timeline.append(el('li', { class: 'state-' + (a.state || 'unknown') }, head,
        renderDl(a, ['action_id', 'state'])));
    }
  }

  function renderPlan(result) {
    const box = clear($('plan-body'));
    const actions = result.actions || [];
    if (result.succeeded === false && result.error) box.append(el('p', { class: 'error', text: result.error }));
    if (actions.length === 0) box.append(renderDl(result, ['audit_id', 'status']));
    for (const a of actions) {
      box.append(el('h5', { text: (a.action_id || a.type) + ': ' + (a.outcome || '') }), renderDl(a, ['action_id']));
    }
    $('plan-view').hidden = false;
  }

  // ---- audit ----
  const AUDIT_COLUMNS = ['id', 'created_at', 'action_type', 'ticket_id', 'pipeline_id', 'actor', 'actor_role',
    'source', 'reason', 'status', 'error_message', 'completed_at'];

  async function loadAudit() {
    const box = $('audit-body');
    box.setAttribute('aria-busy', 'true');
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(state.auditFilters)) if (v) q.set(k, v);
    q.set('page', String(state.auditPage));
    try {
      const { data } = await call('GET', '/api/v1/audit?' + q.toString());
      const rows = Array.isArray(data) ? data : (data.entries || []);
      clear(box);
      if (rows.length === 0) box.append(el('p', { class: 'muted', text: 'No audit entries match.' }));
      else box.append(renderTable(rows, AUDIT_COLUMNS.filter((c) => rows.some((r) => c in r))));
      $('audit-page').textContent = 'Page ' + state.auditPage;
      $('audit-prev').disabled = state.auditPage <= 1;
      const size = data && data.page_size;
      $('audit-next').disabled = size ? rows.length < size : rows.length === 0;
    } catch (e) {
      clear(box).append(el('p', { class: 'error', text: 'The audit log cannot be read: ' + e.message }));
    } finally {
      box.removeAttribute('aria-busy');
    }
  }

  // ---- actions and the confirmation dialog ----
  function actionButton(name, target) {
    const a = ACTIONS[name];
    const suffix = target.ticket ? ' ticket ' + target.ticket : (target.pipeline ? ' pipeline ' + target.pipeline : '');
    return el('button', {
      type: 'button', class: a.danger ? 'danger' : null, 'data-action': name,
      'aria-haspopup': 'dialog', 'aria-label': a.label + suffix, text: a.label,
      onclick: (ev) => openDialog(name, target, ev.currentTarget),
    });
  }

  const dialog = { name: null, target: null, opener: null, busy: false };

  function openDialog(name, target, opener) {
    const a = ACTIONS[name];
    Object.assign(dialog, { name, target, opener, busy: false });
    const subject = target.ticket ? target.ticket : (target.pipeline || 'all pipelines');
    $('confirm-title').textContent = a.label + (target.ticket ? ' ticket ' + target.ticket : ' polling');
    $('confirm-desc').textContent = a.describe(subject);
    $('confirm-error').textContent = '';
    $('confirm-reason').value = '';
    const choice = $('confirm-choice');
    const select = clear($('confirm-select'));
    choice.hidden = true;
    if (name === 'undo') {
      $('confirm-select-label').textContent = 'Which actions';
      select.append(el('option', { value: '', text: 'All of the ticket\'s actions' }));
      for (const act of (state.ticket && state.ticket.actions) || []) {
        if (act.action_id) select.append(el('option', { value: act.action_id, text: act.action_id }));
      }
      choice.hidden = false;
    } else if (a.scope === 'global') {
      $('confirm-select-label').textContent = 'Which pipelines';
      select.append(el('option', { value: '', text: 'All pipelines' }));
      for (const q of state.queues) {
        select.append(el('option', { value: q.pipeline, text: q.pipeline, selected: q.pipeline === target.pipeline }));
      }
      choice.hidden = false;
    }
    setBusy(false);
    $('confirm').showModal();
    $('confirm-reason').focus();
  }

  function closeDialog() {
    const d = $('confirm');
    if (d.open) d.close();
  }

  function setBusy(busy) {
    dialog.busy = busy;
    const ok = $('confirm-ok');
    ok.textContent = busy ? 'Working…' : 'Confirm ' + (ACTIONS[dialog.name] ? ACTIONS[dialog.name].label.toLowerCase() : '');
    ok.setAttribute('aria-busy', busy ? 'true' : 'false');
    ok.disabled = busy || $('confirm-reason').value.trim() === '';
    $('confirm-cancel').disabled = busy;
    $('confirm-reason').readOnly = busy;
  }

  async function confirmAction() {
    const reason = $('confirm-reason').value.trim();
    if (!reason || dialog.busy) return;
    const { name, target } = dialog;
    const body = { reason };
    const choice = $('confirm-choice').hidden ? '' : $('confirm-select').value;
    let path;
    if (target.ticket) {
      path = '/api/v1/tickets/' + encodeURIComponent(target.ticket) + '/' + name;
      if (choice) body.action_id = choice;
    } else {
      path = '/api/v1/' + name;
      if (choice) body.pipeline = choice;
    }
    setBusy(true);
    try {
      const { data } = await call('POST', path, body);
      const status = data && data.status ? data.status : 'done';
      const audit = data && data.audit_id ? ' (audit #' + data.audit_id + ')' : '';
      closeDialog();
      if (data && data.succeeded === false) {
        toast('error', ACTIONS[name].label + ' finished with failures' + audit + ': ' + (data.error || status));
      } else {
        toast('success', ACTIONS[name].label + (target.ticket ? ' of ticket ' + target.ticket : '') + ': ' + status + audit);
      }
      if (name === 'plan') renderPlan(data || {});
      refreshAfterWrite(name);
    } catch (e) {
      setBusy(false);
      $('confirm-error').textContent = e.message;
      toast('error', ACTIONS[name].label + ' failed: ' + e.message);
    }
  }

  function refreshAfterWrite(name) {
    if (state.ticketId && name !== 'pause' && name !== 'resume') {
      const keepPlan = name === 'plan';
      call('GET', '/api/v1/tickets/' + encodeURIComponent(state.ticketId))
        .then(({ data }) => { state.ticket = data; renderTicket(data); if (!keepPlan) $('plan-view').hidden = true; })
        .catch(() => {});
    }
    loadQueues();
    loadAudit();
  }

  // ---- wiring ----
  function wire() {
    $('ticket-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = $('ticket-id').value.trim();
      if (!/^[0-9]+$/.test(v)) { toast('error', 'A ticket ID is a number, e.g. 1004567.'); $('ticket-id').focus(); return; }
      history.replaceState(null, '', '#ticket=' + v);
      openTicket(v, true);
    });
    $('audit-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      state.auditFilters = { actor: $('audit-actor').value.trim(), ticket: $('audit-ticket').value.trim(), type: $('audit-type').value };
      state.auditPage = 1;
      loadAudit();
    });
    $('audit-prev').addEventListener('click', () => { if (state.auditPage > 1) { state.auditPage--; loadAudit(); } });
    $('audit-next').addEventListener('click', () => { state.auditPage++; loadAudit(); });
    $('queues-refresh').addEventListener('click', loadQueues);
    $('confirm-reason').addEventListener('input', () => setBusy(dialog.busy));
    $('confirm-form').addEventListener('submit', (ev) => { ev.preventDefault(); confirmAction(); });
    $('confirm-cancel').addEventListener('click', closeDialog);
    $('confirm').addEventListener('cancel', (ev) => { if (dialog.busy) ev.preventDefault(); });
    $('confirm').addEventListener('close', () => {
      if (dialog.opener && document.contains(dialog.opener)) dialog.opener.focus();
    });
    const global = $('queue-actions');
    if (can('actions:pause')) global.append(actionButton('pause', {}));
    if (can('actions:resume')) global.append(actionButton('resume', {}));
  }

  async function start() {
    try {
      if (!(await loadSession())) return;
    } catch (e) {
      $('loading').textContent = 'The console cannot be reached: ' + e.message;
      return;
    }
    wire();
    loadQueues();
    loadAudit();
    const m = /^#ticket=([0-9]+)$/.exec(location.hash);
    if (m) { $('ticket-id').value = m[1]; openTicket(m[1], false); }
  }

  document.addEventListener('DOMContentLoaded', start);
})();
