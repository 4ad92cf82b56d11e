import { api, apiKey, get, post, del, enc } from './api.js';
import { h, fmtDate, json, isEmpty, errorBox, userLink, sessionLink } from './dom.js';
import { factsTable, indexMessages, isInvalid } from './facts.js';
import { factGraph } from './graph.js';

const view = document.getElementById('view');

// ---- routing: #/users, #/users/{id}, #/users/{id}/graph, #/sessions/{id}, #/search, #/status
function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/users';
  const [path, query] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { parts, params: new URLSearchParams(query || '') };
}

async function route() {
  const { parts, params } = parseHash();
  const section = parts[0] || 'users';
  document.querySelectorAll('[data-nav]').forEach((a) =>
    a.classList.toggle('active', a.dataset.nav === section || (section === 'sessions' && a.dataset.nav === 'users')));
  const token = Symbol(); route.current = token;
  view.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  let page;
  try {
    if (section === 'users' && parts.length === 1) page = await usersPage(params);
    else if (section === 'users' && parts[2] === 'graph') page = await graphPage(parts[1]);
    else if (section === 'users') page = await userPage(parts[1]);
    else if (section === 'sessions') page = await sessionPage(parts[1], params);
    else if (section === 'search') page = searchPage(params);
    else if (section === 'status') page = await statusPage();
    else page = h('p', {}, 'Unknown page. ', h('a', { href: '#/users' }, 'Users'));
  } catch (e) {
    page = h('section', {}, errorBox(e));
  }
  if (route.current !== token) return;
  view.replaceChildren(page);
  const m = params.get('m');
  if (m) {
    const el = document.querySelector(`[data-message="${CSS.escape(m)}"]`);
    if (el) { el.classList.add('highlight'); el.scrollIntoView({ block: 'center' }); }
  }
}

// ---- the key form
const keyInput = document.getElementById('api-key');
const keyState = document.getElementById('key-state');
function showKeyState() { keyState.textContent = apiKey.get() ? 'key set' : 'no key'; }
document.getElementById('key-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  apiKey.set(keyInput.value.trim());
  keyInput.value = '';
  showKeyState();
  route();
});
showKeyState();

// ---- users
async function usersPage(params) {
  const pageNumber = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.max(1, Number(params.get('size')) || 20);
  const data = await get(`users-ordered?pageNumber=${pageNumber}&pageSize=${pageSize}`);
  const users = data.users || [];
  const total = data.total_count ?? users.length;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const filter = h('input', { type: 'search', id: 'user-filter', placeholder: 'Filter this page by id, name or e-mail', value: params.get('q') || '' });
  const rows = users.map((u) => h('tr', { 'data-user': u.user_id,
      'data-text': [u.user_id, u.first_name, u.last_name, u.email].filter(Boolean).join(' ').toLowerCase() },
    h('td', {}, userLink(u.user_id)),
    h('td', {}, [u.first_name, u.last_name].filter(Boolean).join(' ')),
    h('td', {}, u.email || ''),
    h('td', { class: 'num' }, u.session_count ?? ''),
    h('td', {}, fmtDate(u.created_at))));
  const applyFilter = () => {
    const q = filter.value.trim().toLowerCase();
    rows.forEach((r) => { r.hidden = q !== '' && !r.dataset.text.includes(q); });
  };
  filter.addEventListener('input', applyFilter);
  applyFilter();
  const pageLink = (n, label) => n < 1 || n > pages
    ? h('span', { class: 'disabled' }, label)
    : h('a', { href: `#/users?page=${n}&size=${pageSize}` }, label);
  return h('section', {},
    h('h1', {}, 'Users'),
    h('div', { class: 'toolbar' }, filter,
      h('span', { class: 'muted' }, `${total} user(s) · page ${pageNumber} of ${pages}`),
      pageLink(pageNumber - 1, '‹ previous'), pageLink(pageNumber + 1, 'next ›')),
    users.length
      ? h('table', { class: 'list' },
          h('thead', {}, h('tr', {}, h('th', {}, 'User id'), h('th', {}, 'Name'), h('th', {}, 'E-mail'), h('th', {}, 'Sessions'), h('th', {}, 'Created'))),
          h('tbody', {}, rows))
      : h('p', { class: 'muted' }, 'No users on this page.'));
}

async function userPage(userId) {
  const base = `users/${enc(userId)}`;
  const [user, sessions, factsRes, nodeRes] = await Promise.all([
    get(base), get(base + '/sessions'), get(base + '/facts'), get(base + '/node').catch(() => null)]);
  const facts = factsRes.facts || [];
  // the messages the facts were learnt from (first 25 sessions of the user)
  const sources = new Map();
  await Promise.all(sessions.slice(0, 25).map((s) =>
    get(`sessions/${enc(s.session_id)}/messages`).then((r) => indexMessages(sources, s.session_id, r.messages || []), () => null)));
  const node = nodeRes && nodeRes.node;
  const valid = facts.filter((f) => !isInvalid(f)).length;
  return h('section', {},
    h('p', { class: 'crumbs' }, h('a', { href: '#/users' }, 'Users'), ' / ', userId),
    h('h1', {}, [user.first_name, user.last_name].filter(Boolean).join(' ') || user.user_id),
    h('div', { class: 'cards' },
      h('div', { class: 'card' }, h('h2', {}, 'Profile'),
        h('dl', {},
          h('dt', {}, 'User id'), h('dd', {}, user.user_id),
          h('dt', {}, 'E-mail'), h('dd', {}, user.email || '—'),
          h('dt', {}, 'Created'), h('dd', {}, fmtDate(user.created_at)),
          h('dt', {}, 'Updated'), h('dd', {}, fmtDate(user.updated_at)),
          h('dt', {}, 'UUID'), h('dd', { class: 'small' }, user.uuid)),
        user.fact_rating_instruction && user.fact_rating_instruction.instruction
          ? h('p', { class: 'small' }, 'Fact rating: ', user.fact_rating_instruction.instruction) : null),
      h('div', { class: 'card' }, h('h2', {}, 'Metadata'), isEmpty(user.metadata) ? h('p', { class: 'muted' }, 'none') : json(user.metadata)),
      h('div', { class: 'card node-summary' }, h('h2', {}, 'What is known'),
        node && node.summary ? h('p', {}, node.summary) : h('p', { class: 'muted' }, 'Nothing yet.'))),
    h('h2', {}, `Sessions (${sessions.length})`),
    sessionsTable(sessions),
    h('h2', {}, `Facts (${valid} valid, ${facts.length - valid} no longer valid) `,
      h('a', { class: 'small', href: `#/users/${enc(userId)}/graph` }, 'show as a graph')),
    factsTable(facts, sources));
}

function sessionsTable(sessions) {
  if (!sessions.length) return h('p', { class: 'muted' }, 'No sessions.');
  return h('table', { class: 'list' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Session id'), h('th', {}, 'Created'), h('th', {}, 'Ended'), h('th', {}, 'Classifications'), h('th', {}, 'Metadata'))),
    h('tbody', {}, sessions.map((s) => h('tr', { 'data-session': s.session_id },
      h('td', {}, sessionLink(s.session_id)),
      h('td', {}, fmtDate(s.created_at)),
      h('td', {}, s.ended_at ? fmtDate(s.ended_at) : h('span', { class: 'badge live' }, 'open')),
      h('td', {}, Object.entries(s.classifications || {}).map(([k, v]) => h('span', { class: 'badge' }, `${k}: ${v}`))),
      h('td', { class: 'small' }, isEmpty(s.metadata) ? '' : JSON.stringify(s.metadata))))));
}

// ---- a user's facts as a graph
async function graphPage(userId) {
  const facts = (await get(`users/${enc(userId)}/facts`)).facts || [];
  const info = h('div', { class: 'hover-info', id: 'graph-info' }, h('span', { class: 'muted' }, 'Hover over an edge to read its fact.'));
  const showFact = (f) => info.replaceChildren(
    h('strong', {}, f.name || 'fact'), ': ', isInvalid(f) ? h('s', {}, f.fact) : f.fact,
    h('div', { class: 'muted small' }, `${f.source_node_name} → ${f.target_node_name}`,
      f.rating != null ? ` · rating ${Number(f.rating).toFixed(2)}` : '',
      f.valid_at ? ` · valid from ${fmtDate(f.valid_at)}` : '', f.invalid_at ? ` · invalid from ${fmtDate(f.invalid_at)}` : ''));
  return h('section', {},
    h('p', { class: 'crumbs' }, h('a', { href: '#/users' }, 'Users'), ' / ', userLink(userId), ' / graph'),
    h('h1', {}, `Facts of ${userId} as a graph`),
    h('p', { class: 'muted' }, 'Entities are nodes, facts are edges (dashed: no longer valid).'),
    info,
    factGraph(facts, { onHover: showFact }));
}

// ---- a session
async function sessionPage(sessionId) {
  const base = `sessions/${enc(sessionId)}`;
  const [session, msgs, sums, factsRes] = await Promise.all([
    get(base), get(base + '/messages'), get(base + '/summary'), get(base + '/facts')]);
  const messages = msgs.messages || [];
  const summaries = sums.summaries || [];
  const facts = factsRes.facts || [];
  const byUuid = indexMessages(new Map(), sessionId, messages);
  const status = h('p', { class: 'status-line', id: 'session-status' });
  const endBtn = h('button', { id: 'end-session', disabled: session.ended_at ? true : null, onclick: async () => {
    if (!confirm(`End session ${sessionId}? It will accept no new messages.`)) return;
    try { await post(base + '/end', {}); route(); } catch (e) { status.replaceChildren(errorBox(e)); }
  } }, session.ended_at ? 'Ended' : 'End session');
  const delBtn = h('button', { id: 'delete-session', class: 'danger', onclick: async () => {
    if (!confirm(`Delete session ${sessionId} with its messages, facts and summaries? This cannot be undone.`)) return;
    try { await del(base + '/memory'); location.hash = '#/users/' + enc(session.user_id); } catch (e) { status.replaceChildren(errorBox(e)); }
  } }, 'Delete session');
  return h('section', {},
    h('p', { class: 'crumbs' }, h('a', { href: '#/users' }, 'Users'), ' / ', userLink(session.user_id), ' / ', sessionId),
    h('h1', {}, 'Session ', sessionId),
    h('div', { class: 'toolbar' }, endBtn, delBtn, status),
    h('div', { class: 'cards' },
      h('div', { class: 'card' }, h('h2', {}, 'Session'),
        h('dl', {},
          h('dt', {}, 'User'), h('dd', {}, userLink(session.user_id)),
          h('dt', {}, 'Created'), h('dd', {}, fmtDate(session.created_at)),
          h('dt', {}, 'Ended'), h('dd', {}, session.ended_at ? fmtDate(session.ended_at) : 'open'),
          h('dt', {}, 'Messages'), h('dd', {}, String(msgs.total_count ?? messages.length)))),
      h('div', { class: 'card' }, h('h2', {}, 'Classifications'),
        isEmpty(session.classifications) ? h('p', { class: 'muted' }, 'none')
          : h('dl', {}, Object.entries(session.classifications).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
      h('div', { class: 'card' }, h('h2', {}, 'Metadata'), isEmpty(session.metadata) ? h('p', { class: 'muted' }, 'none') : json(session.metadata))),
    h('h2', {}, `Conversation (${messages.length})`),
    messages.length ? h('ol', { class: 'timeline' }, messages.map((m) => h('li', {
        class: 'msg role-' + (m.role_type || 'norole'), 'data-message': m.uuid },
      h('div', { class: 'msg-head' },
        h('strong', {}, m.role || m.role_type), ' ', h('span', { class: 'badge' }, m.role_type),
        ' ', h('time', { datetime: m.created_at }, fmtDate(m.created_at)), ' ',
        m.processed ? h('span', { class: 'badge ok' }, 'processed') : h('span', { class: 'badge warn' }, 'pending')),
      h('div', { class: 'msg-body' }, m.content),
      isEmpty(m.metadata) ? null : h('div', { class: 'small muted' }, 'metadata: ', JSON.stringify(m.metadata)))))
      : h('p', { class: 'muted' }, 'No messages.'),
    h('h2', {}, `Summaries (${summaries.length})`),
    summaries.length ? summaries.map((s) => {
      const folded = (s.related_message_uuids || []).map((u) => byUuid.get(u)).filter(Boolean);
      return h('div', { class: 'card summary' },
        h('div', { class: 'small muted' }, fmtDate(s.created_at), ` · ${s.token_count ?? '?'} tokens · folds ${(s.related_message_uuids || []).length} message(s)`),
        h('p', {}, s.content),
        folded.length ? h('details', {}, h('summary', {}, 'Folded messages'),
          h('ul', {}, folded.map(({ message: m }) => h('li', { class: 'small' }, h('strong', {}, (m.role || m.role_type) + ': '), m.content)))) : null);
    }) : h('p', { class: 'muted' }, 'No summary yet (one is written once the session has more messages than the summary window).'),
    h('h2', {}, `Facts learnt (${facts.length})`),
    factsTable(facts, byUuid));
}

// ---- search playground
function searchPage(params) {
  const field = (label, input) => h('label', {}, h('span', {}, label), input);
  const f = {
    text: h('input', { name: 'text', id: 'search-text', placeholder: 'What to look for', value: params.get('text') || '' }),
    scope: h('select', { name: 'search_scope', id: 'search-scope' }, ['messages', 'summary', 'facts'].map((v) => h('option', { value: v }, v))),
    type: h('select', { name: 'search_type', id: 'search-type' }, ['similarity', 'mmr'].map((v) => h('option', { value: v }, v))),
    lambda: h('input', { name: 'mmr_lambda', type: 'number', step: '0.05', min: '0', max: '1', placeholder: '0.5' }),
    minScore: h('input', { name: 'min_score', type: 'number', step: '0.05', min: '0', max: '1' }),
    minRating: h('input', { name: 'min_fact_rating', type: 'number', step: '0.05', min: '0', max: '1' }),
    where: h('input', { name: 'jsonpath', placeholder: '$.topic == "travel"' }),
    start: h('input', { name: 'start_date', type: 'date' }),
    end: h('input', { name: 'end_date', type: 'date' }),
    user: h('input', { name: 'user_id', id: 'search-user', placeholder: 'any user', value: params.get('user') || '' }),
    sessions: h('input', { name: 'session_ids', placeholder: 'comma-separated, any' }),
    limit: h('input', { name: 'limit', type: 'number', min: '1', value: '10' }),
  };
  const results = h('div', { id: 'search-results' });
  const form = h('form', { class: 'search-form', onsubmit: async (ev) => {
    ev.preventDefault();
    const body = { text: f.text.value, search_scope: f.scope.value, search_type: f.type.value };
    const num = (i) => (i.value === '' ? undefined : Number(i.value));
    if (f.type.value === 'mmr' && num(f.lambda) !== undefined) body.mmr_lambda = num(f.lambda);
    if (num(f.minScore) !== undefined) body.min_score = num(f.minScore);
    if (num(f.minRating) !== undefined) body.min_fact_rating = num(f.minRating);
    if (f.user.value.trim()) body.user_id = f.user.value.trim();
    const ids = f.sessions.value.split(',').map((x) => x.trim()).filter(Boolean);
    if (ids.length) body.session_ids = ids;
    const rf = {};
    if (f.where.value.trim()) rf.where = { jsonpath: f.where.value.trim() };
    if (f.start.value) rf.start_date = f.start.value;
    if (f.end.value) rf.end_date = f.end.value;
    if (!isEmpty(rf)) body.record_filter = rf;
    results.replaceChildren(h('p', { class: 'muted' }, 'Searching…'));
    try {
      const t0 = performance.now();
      const res = await post(`sessions/search?limit=${Math.max(1, num(f.limit) || 10)}`, body);
      results.replaceChildren(renderResults(res.results || [], Math.round(performance.now() - t0)));
    } catch (e) { results.replaceChildren(errorBox(e)); }
  } },
    h('div', { class: 'grid' },
      h('label', { class: 'wide' }, h('span', {}, 'Text'), f.text),
      field('Scope', f.scope), field('Search type', f.type), field('MMR λ', f.lambda),
      field('Min score', f.minScore), field('Min fact rating', f.minRating), field('Limit', f.limit),
      h('label', { class: 'wide' }, h('span', {}, 'JSONPath filter on metadata (where)'), f.where),
      field('From (created)', f.start), field('To (created)', f.end),
      field('User id', f.user), field('Session ids', f.sessions)),
    h('button', { type: 'submit', id: 'search-go' }, 'Search'));
  return h('section', {}, h('h1', {}, 'Search playground'),
    h('p', { class: 'muted' }, 'POST /api/v2/sessions/search: hybrid lexical and vector ranking over messages, summaries or facts.'),
    form, results);
}

function renderResults(results, ms) {
  if (!results.length) return h('p', { class: 'muted' }, `No results (${ms} ms).`);
  return h('div', {}, h('p', { class: 'muted' }, `${results.length} result(s) in ${ms} ms`),
    h('ol', { class: 'results' }, results.map((r) => {
      const m = r.message, s = r.summary, f = r.fact;
      const where = r.session_id
        ? h('a', { href: `#/sessions/${enc(r.session_id)}${m ? '?m=' + m.uuid : ''}` }, 'session ' + r.session_id)
        : h('span', { class: 'muted' }, 'no session');
      return h('li', { class: 'result' },
        h('div', { class: 'score', title: 'score' }, Number(r.score).toFixed(3)),
        h('div', {},
          m ? [h('strong', {}, (m.role || m.role_type) + ': '), m.content] : null,
          s ? h('span', {}, s.content) : null,
          f ? (isInvalid(f) ? h('s', {}, f.fact) : h('span', {}, f.fact)) : null,
          h('div', { class: 'small muted' }, where,
            m ? ' · ' + fmtDate(m.created_at) : '', s ? ' · summary ' + fmtDate(s.created_at) : '',
            f && f.rating != null ? ` · rating ${Number(f.rating).toFixed(2)}` : '')));
    })));
}

// ---- status: GET /api/v2/status (queue, parked jobs, index, models) and /q/health
async function statusPage() {
  const [ready, live] = await Promise.all([api('GET', '/q/health/ready'), api('GET', '/q/health/live')]);
  const checks = [...(ready.checks || []).map((c) => ({ ...c, kind: 'readiness' })), ...(live.checks || []).map((c) => ({ ...c, kind: 'liveness' }))];
  let st = null, stError = null;
  try { st = await get('status'); } catch (e) { stError = e; }
  const badge = (v) => h('span', { class: 'badge ' + (v === 'UP' ? 'ok' : 'warn') }, v);
  const dl = (obj) => h('dl', {}, Object.entries(obj || {}).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]));
  const retryLine = h('p', { class: 'status-line', id: 'retry-status' });
  return h('section', {}, h('h1', {}, 'Status'),
    h('div', { class: 'cards' },
      h('div', { class: 'card' }, h('h2', {}, 'Server'),
        h('dl', {},
          h('dt', {}, 'Ready'), h('dd', { id: 'ready-state' }, badge(ready.status)),
          h('dt', {}, 'Live'), h('dd', {}, badge(live.status)))),
      st ? h('div', { class: 'card', id: 'queue' }, h('h2', {}, 'Background queue'), dl(st.jobs)) : null,
      st ? h('div', { class: 'card', id: 'index' }, h('h2', {}, 'Search index'), dl(st.index)) : null,
      st ? h('div', { class: 'card', id: 'models' }, h('h2', {}, 'Models'), dl(st.models)) : null),
    stError ? errorBox(stError) : null,
    st ? [h('h2', {}, `Parked jobs (${st.jobs.parked})`), retryLine,
      (st.parked_jobs || []).length
        ? h('table', { class: 'list', id: 'parked-jobs' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Job'), h('th', {}, 'Kind'), h('th', {}, 'Session'), h('th', {}, 'Attempts'), h('th', {}, 'Last error'), h('th', {}, 'Updated'), h('th', {}, ''))),
            h('tbody', {}, st.parked_jobs.map((j) => h('tr', {},
              h('td', { class: 'num' }, j.id), h('td', {}, j.kind),
              h('td', {}, j.session_id ? sessionLink(j.session_id) : '—'),
              h('td', { class: 'num' }, j.attempts), h('td', { class: 'small' }, j.last_error || ''),
              h('td', {}, fmtDate(j.updated_at)),
              h('td', {}, h('button', { onclick: async () => {
                try { await post(`jobs/${enc(j.id)}/retry`, {}); route(); } catch (e) { retryLine.replaceChildren(errorBox(e)); }
              } }, 'Retry'))))))
        : h('p', { class: 'muted' }, 'No parked jobs: every background job succeeded or is still being tried.')] : null,
    h('h2', {}, 'Health checks'),
    h('table', { class: 'list', id: 'health-checks' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Check'), h('th', {}, 'Kind'), h('th', {}, 'Status'), h('th', {}, 'Details'))),
      h('tbody', {}, checks.map((c) => h('tr', {},
        h('td', {}, c.name), h('td', {}, c.kind), h('td', {}, badge(c.status)),
        h('td', {}, c.data ? h('dl', { class: 'inline' }, Object.entries(c.data).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))])) : ''))))),
    h('p', { class: 'muted small' }, 'From GET /api/v2/status, /q/health/ready and /q/health/live.'));
}

window.addEventListener('hashchange', route);
route();
