// Seeds a running Engram through the public API for the console test: two users, and for
// "ada" two sessions of a conversation between Ada (user) and Sam (assistant), timestamped, with
// metadata; waits until every message is processed, the first session has a summary and facts
// were learnt (one of them invalidated by the second session's move to Porto).
// Env: ENGRAM_BASE_URL (…/api/v2), ENGRAM_API_KEY.
const base = process.env.ENGRAM_BASE_URL;
const key = process.env.ENGRAM_API_KEY;

async function call(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: 'Api-Key ' + key } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const said = (role, role_type, content, created_at, metadata) => ({ role, role_type, content, created_at, ...(metadata ? { metadata } : {}) });
const at = (day, min) => `2024-03-0${day}T10:${String(min).padStart(2, '0')}:00Z`;

export const seed = {
  user: 'ada', other: 'grace',
  sessions: ['ada-lisbon', 'ada-porto'],
  searchText: 'night train to Madrid',
  searchTurn: 'I usually take the night train to Madrid when I visit my sister.',
};

const first = [
  said('Ada', 'user', 'Hi Sam, I am Ada. I live in Lisbon.', at(1, 0), { topic: 'intro' }),
  said('Sam', 'assistant', 'Nice to meet you, Ada! How can I help today?', at(1, 1)),
  said('Ada', 'user', 'I work as a nurse and my shifts are at night.', at(1, 2), { topic: 'work' }),
  said('Sam', 'assistant', 'Night shifts are hard. Do you get enough sleep?', at(1, 3)),
  said('Ada', 'user', 'Not really. I have two cats and they wake me up at noon.', at(1, 4), { topic: 'home' }),
  said('Sam', 'assistant', 'Cats do keep their own schedule. Maybe feed them before you sleep?', at(1, 5)),
  said('Ada', 'user', seed.searchTurn, at(1, 6), { topic: 'travel' }),
  said('Sam', 'assistant', 'The night train is relaxing. How long is the trip?', at(1, 7)),
  said('Ada', 'user', 'About nine hours. My sister lives in Madrid and works as a teacher.', at(1, 8), { topic: 'family' }),
  said('Sam', 'assistant', 'That is a long ride, but you arrive rested.', at(1, 9)),
  said('Ada', 'user', 'My favorite food is grilled sardines.', at(1, 10), { topic: 'food' }),
  said('Sam', 'assistant', 'Lisbon is the right city for sardines!', at(1, 11)),
  said('Ada', 'user', 'I play the cello in an amateur orchestra on Sundays.', at(1, 12), { topic: 'music' }),
  said('Sam', 'assistant', 'Lovely. What are you rehearsing?', at(1, 13)),
  said('Ada', 'user', 'Dvorak, the ninth symphony. It is hard for the cellos.', at(1, 14), { topic: 'music' }),
  said('Sam', 'assistant', 'A beautiful piece. Good luck with the concert!', at(1, 15)),
];
const second = [
  said('Ada', 'user', 'Big news, Sam: I moved to Porto!', at(5, 0), { topic: 'home' }),
  said('Sam', 'assistant', 'Congratulations! How do you like Porto?', at(5, 1)),
  said('Ada', 'user', 'I love the river. I still work as a nurse, now at the Santo Antonio hospital.', at(5, 2), { topic: 'work' }),
  said('Sam', 'assistant', 'Great that you found a job so quickly.', at(5, 3)),
];

async function main() {
  if (!base) throw new Error('ENGRAM_BASE_URL is required');
  await call('POST', '/users', { user_id: seed.user, first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.org', metadata: { plan: 'pro', city_of_birth: 'London' } });
  await call('POST', '/users', { user_id: seed.other, first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.org' });
  await call('POST', '/sessions', { session_id: seed.sessions[0], user_id: seed.user, metadata: { channel: 'web' } });
  await call('POST', `/sessions/${seed.sessions[0]}/memory`, { messages: first });
  await call('POST', '/sessions', { session_id: seed.sessions[1], user_id: seed.user, metadata: { channel: 'mobile' } });
  await call('POST', `/sessions/${seed.sessions[1]}/memory`, { messages: second });
  await call('POST', `/sessions/${seed.sessions[0]}/classify`, { name: 'mood', classes: ['happy', 'tired', 'angry'] });

  const deadline = Date.now() + 120_000;
  for (;;) {
    const pending = [];
    for (const s of seed.sessions) {
      const msgs = (await call('GET', `/sessions/${s}/messages`)).messages;
      if (msgs.some((m) => !m.processed)) pending.push(s + ' messages');
    }
    const sums = (await call('GET', `/sessions/${seed.sessions[0]}/summary`)).summaries || [];
    if (!sums.length) pending.push('summary');
    const facts = (await call('GET', `/users/${seed.user}/facts`)).facts || [];
    if (!facts.some((f) => f.invalid_at || f.expired_at)) pending.push('an invalidated fact');
    if (!pending.length) {
      console.log(`[seed] ready: ${facts.length} facts, ${sums.length} summary(ies)`);
      return;
    }
    if (Date.now() > deadline) throw new Error('still waiting for: ' + pending.join(', '));
    await new Promise((r) => setTimeout(r, 500));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => { console.error('[seed] ' + e.message); process.exit(1); });
}
