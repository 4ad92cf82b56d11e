// Browser test of the web console: Debian's Chromium driven by playwright-core against a server
// seeded by seed.mjs. Walks every page, checks what a person would see, saves a screenshot of
// each page under SCREENSHOT_DIR. Env: ENGRAM_URL (server root), ENGRAM_API_KEY, CHROMIUM,
// SCREENSHOT_DIR.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { seed } from './seed.mjs';

const root = process.env.ENGRAM_URL;
const key = process.env.ENGRAM_API_KEY || '';
const shots = process.env.SCREENSHOT_DIR || '../target/console-screenshots';
const executablePath = process.env.CHROMIUM || execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
if (!root) { console.error('ENGRAM_URL is required'); process.exit(2); }
mkdirSync(shots, { recursive: true });

let failures = 0, passed = 0;
async function step(name, fn) {
  try { await fn(); passed++; console.log(`  ok   ${name}`); }
  catch (e) { failures++; console.log(`  FAIL ${name}\n       ${String(e && e.stack || e).split('\n').slice(0, 3).join('\n       ')}`); }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

const profile = mkdtempSync(join(tmpdir(), 'engram-console-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath, headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});
const page = context.pages()[0] || await context.newPage();
page.setDefaultTimeout(15_000);
const consoleErrors = [];
page.on('pageerror', (e) => consoleErrors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error' && !/401|404/.test(m.text())) consoleErrors.push(m.text()); });
const shot = (name) => page.screenshot({ path: join(shots, name + '.png'), fullPage: true });
const text = (sel) => page.locator(sel).innerText();

try {
  await step('without a key the console asks for one (/console leads to /console/)', async () => {
    await page.goto(root + '/console');
    assert(new URL(page.url()).pathname === '/console/', 'not redirected: ' + page.url());
    await page.locator('[role=alert]').waitFor();
    assert(/API key/.test(await text('[role=alert]')), 'no prompt for the key');
  });

  await step('users: the key is entered once and the seeded users are listed', async () => {
    await page.fill('#api-key', key);
    await page.click('#key-form button');
    await page.locator(`tr[data-user="${seed.user}"]`).waitFor();
    assert((await text('#key-state')) === 'key set', 'key state not shown');
    assert(await page.locator(`tr[data-user="${seed.other}"]`).isVisible(), 'second user missing');
    assert(await page.evaluate(() => sessionStorage.getItem('engram.apiKey')) === key, 'key not kept in sessionStorage');
    await shot('users');
  });

  await step('users: the filter box narrows the list, paging pages', async () => {
    await page.fill('#user-filter', 'lovelace');
    assert(await page.locator(`tr[data-user="${seed.user}"]`).isVisible(), 'ada hidden by her own name');
    assert(!(await page.locator(`tr[data-user="${seed.other}"]`).isVisible()), 'grace not filtered out');
    await page.goto(root + '/console/#/users?page=2&size=1');
    await page.locator('main h1').waitFor();
    await page.locator('text=page 2 of 2').waitFor();
    assert((await page.locator('tbody tr').count()) === 1, 'page of one user expected');
  });

  await step('user page: profile, metadata, sessions, summary node and facts', async () => {
    await page.goto(root + `/console/#/users/${seed.user}`);
    await page.locator('table.facts').waitFor();
    const body = await text('main');
    assert(body.includes('Ada Lovelace') && body.includes('ada@example.org'), 'profile missing');
    assert(body.includes('city_of_birth'), 'metadata missing');
    for (const s of seed.sessions) assert(await page.locator(`tr[data-session="${s}"]`).count() === 1, 'session missing: ' + s);
    assert(/Lisbon|Porto|nurse/.test(await text('.node-summary')), 'node summary missing');
    assert(/Porto/.test(await text('table.facts')), 'a fact about Porto expected');
    assert(await page.locator('table.facts tr.invalid s').count() >= 1, 'no invalidated fact struck through');
    assert(await page.locator('table.facts .episode q').count() >= 1, 'no source message shown for facts');
    await shot('user');
  });

  await step('graph: entities as nodes, facts as edges, hover shows the fact', async () => {
    await page.click('text=show as a graph');
    await page.locator('svg.graph .edge').first().waitFor();
    assert(await page.locator('svg.graph .node').count() >= 2, 'too few nodes');
    const edge = page.locator('svg.graph .edge:not(.invalid)').first();
    const fact = await edge.locator('title').textContent();
    await edge.locator('path').hover({ force: true });
    await page.waitForFunction((f) => document.getElementById('graph-info').textContent.includes(f), fact);
    await shot('graph');
  });

  await step('session page: timeline, summaries, classifications, facts', async () => {
    await page.goto(root + `/console/#/sessions/${seed.sessions[0]}`);
    await page.locator('.timeline .msg').first().waitFor();
    assert(await page.locator('.timeline .msg').count() === 16, 'expected 16 messages');
    const first = await text('.timeline .msg >> nth=0');
    assert(first.includes('Ada') && first.includes('user') && first.includes('I live in Lisbon') && first.includes('processed'), 'first message: ' + first);
    assert(first.includes('2024-03-01 10:00'), 'message time missing');
    assert(first.includes('intro'), 'message metadata missing');
    assert(await page.locator('.summary').count() >= 1, 'no summary');
    assert(/mood/.test(await text('main')), 'classification missing');
    assert(await page.locator('table.facts tbody tr').count() >= 1, 'no facts learnt from the session');
    await shot('session');
  });

  await step('search: the seeded turn is found, with its score and a link to its session', async () => {
    await page.goto(root + '/console/#/search');
    await page.fill('#search-text', seed.searchText);
    await page.fill('#search-user', seed.user);
    await page.click('#search-go');
    await page.locator('.result').first().waitFor();
    const top = await text('.result >> nth=0');
    assert(top.includes(seed.searchTurn), 'top result: ' + top);
    assert(/^\d\.\d{3}/.test(top.trim()), 'score missing');
    await shot('search');
    await page.click('.result >> nth=0 >> a');
    await page.locator('.msg.highlight').waitFor();
    assert((await text('.msg.highlight')).includes(seed.searchTurn), 'link does not lead to the turn');
  });

  await step('search: facts scope with a minimum score, and a JSONPath filter', async () => {
    await page.goto(root + '/console/#/search');
    await page.fill('#search-text', 'where does Ada live');
    await page.selectOption('#search-scope', 'facts');
    await page.fill('#search-user', seed.user);
    await page.click('#search-go');
    await page.locator('.result').first().waitFor();
    await page.selectOption('#search-scope', 'messages');
    await page.fill('[name=jsonpath]', '$.topic == "music"');
    await page.fill('#search-text', 'cello');
    await page.click('#search-go');
    await page.locator('.result').first().waitFor();
    const all = await page.locator('.result').allInnerTexts();
    assert(all.every((r) => /cello|Dvorak/.test(r)), 'filter let through: ' + all.join(' | '));
  });

  await step('status: health and the search index', async () => {
    await page.goto(root + '/console/#/status');
    await page.locator('#health-checks').waitFor();
    assert((await text('#ready-state')).includes('UP'), 'not ready');
    assert((await text('#health-checks')).includes('search-index'), 'index health missing');
    assert(/pending\s+0/.test(await text('#queue')) && /parked\s+0/.test(await text('#queue')), 'queue: ' + await text('#queue'));
    assert(/state\s+following/.test(await text('#index')), 'index: ' + await text('#index'));
    assert(/embedding_model\s+bge-small-en-v1.5/.test(await text('#models')), 'models: ' + await text('#models'));
    assert(/No parked jobs/.test(await text('main')), 'parked jobs section missing');
    await shot('status');
  });

  await step('session: delete asks first; cancelling keeps it, confirming removes it', async () => {
    const victim = seed.sessions[1];
    await page.goto(root + `/console/#/sessions/${victim}`);
    await page.locator('#delete-session').waitFor();
    page.once('dialog', (d) => d.dismiss());
    await page.click('#delete-session');
    await page.waitForTimeout(300);
    assert(page.url().includes('/sessions/' + victim), 'left the page though the deletion was cancelled');
    let msg = '';
    page.once('dialog', (d) => { msg = d.message(); d.accept(); });
    await page.click('#delete-session');
    await page.waitForURL(new RegExp(`#/users/${seed.user}$`));
    await page.locator(`tr[data-session="${seed.sessions[0]}"]`).waitFor();
    assert(msg.includes(victim), 'confirmation does not name the session');
    assert(await page.locator(`tr[data-session="${victim}"]`).count() === 0, 'deleted session still listed');
    const res = await fetch(`${root}/api/v2/sessions/${victim}`, { headers: { Authorization: 'Api-Key ' + key } });
    assert(res.status === 404, 'API still has the session: ' + res.status);
  });

  await step('session: end asks first, then shows the session ended', async () => {
    await page.goto(root + `/console/#/sessions/${seed.sessions[0]}`);
    await page.locator('#end-session').waitFor();
    page.once('dialog', (d) => d.accept());
    await page.click('#end-session');
    await page.locator('#end-session:disabled').waitFor();
  });

  await step('no script errors on any page', async () => {
    assert(consoleErrors.length === 0, consoleErrors.join('\n'));
  });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`[console-test] ${passed} passed, ${failures} failed; screenshots in ${shots}`);
process.exit(failures ? 1 : 0);
