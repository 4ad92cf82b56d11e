import { h, fmtDate, sessionLink } from './dom.js';

// A fact is shown struck through once it stopped holding (invalid_at) or was replaced (expired_at).
export const isInvalid = (f) => Boolean(f.invalid_at || f.expired_at);

// facts: Fact[]; sources: Map message uuid -> {message, sessionId} (may be partial).
export function factsTable(facts, sources) {
  if (!facts.length) return h('p', { class: 'muted' }, 'No facts yet.');
  return h('table', { class: 'facts' },
    h('thead', {}, h('tr', {},
      h('th', {}, 'Fact'), h('th', {}, 'Rating'), h('th', {}, 'Created'),
      h('th', {}, 'Valid from'), h('th', {}, 'Invalid from'), h('th', {}, 'Expired'),
      h('th', {}, 'Learnt from'))),
    h('tbody', {}, facts.map((f) => h('tr', { class: isInvalid(f) ? 'invalid' : '', 'data-fact': f.uuid },
      h('td', { class: 'fact-text' },
        isInvalid(f) ? h('s', {}, f.fact) : f.fact,
        f.source_node_name || f.target_node_name
          ? h('div', { class: 'muted small' }, `${f.source_node_name || '?'} —${f.name || ''}→ ${f.target_node_name || '?'}`)
          : null),
      h('td', { class: 'num' }, f.rating === undefined || f.rating === null ? '—' : Number(f.rating).toFixed(2)),
      h('td', {}, fmtDate(f.created_at)),
      h('td', {}, fmtDate(f.valid_at)),
      h('td', {}, fmtDate(f.invalid_at)),
      h('td', {}, fmtDate(f.expired_at)),
      h('td', { class: 'episodes' }, episodes(f, sources))))));
}

function episodes(f, sources) {
  const eps = f.episodes || [];
  if (!eps.length) return h('span', { class: 'muted' }, 'added through the API');
  return eps.map((uuid) => {
    const src = sources && sources.get(uuid);
    if (!src) return h('div', { class: 'muted small' }, uuid);
    const m = src.message;
    return h('div', { class: 'episode' },
      h('a', { href: `#/sessions/${encodeURIComponent(src.sessionId)}?m=${uuid}` },
        `${m.role || m.role_type}: `),
      h('q', {}, m.content.length > 140 ? m.content.slice(0, 140) + '…' : m.content));
  });
}

export function indexMessages(map, sessionId, messages) {
  for (const m of messages) map.set(m.uuid, { message: m, sessionId });
  return map;
}

export { sessionLink };
