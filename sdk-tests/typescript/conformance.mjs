// SDK conformance suite: drives the official TypeScript SDK `@getzep/zep-cloud` (exact version
// pinned in package-lock.json) against a running Engram server, through a realistic conversation.
//
//   ENGRAM_BASE_URL=http://127.0.0.1:8000/api/v2 ENGRAM_API_KEY=... node conformance.mjs
//
// Prints one line per check (`PASS <name>` / `FAIL <name>: <reason>`), then `N passed, M failed`;
// exits 1 when a check failed. Checks run in order and share state (ids created earlier).
// Every check asserts content (ids, fields, counts, order, merged metadata), not just "no throw".
// Ids carry a per-run suffix, so the suite also runs against a server that already holds data.
import assert from "node:assert/strict";
import { ZepClient, ZepError, Zep, zepFields } from "@getzep/zep-cloud";

const baseUrl = process.env.ENGRAM_BASE_URL;
const apiKey = process.env.ENGRAM_API_KEY;
if (!baseUrl) {
    console.error("ENGRAM_BASE_URL is not set (e.g. http://127.0.0.1:8000/api/v2)");
    process.exit(2);
}

const client = new ZepClient({ apiKey, environment: baseUrl });
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
const id = (name) => `${name}-${run}`;
// 409 and 5xx are retried by the SDK (2 retries, ~1 s + 2 s back-off): calls expected to fail
// that way are made with retries off so the suite stays fast and sees the first answer.
const NO_RETRY = { maxRetries: 0 };

// --- tiny harness ----------------------------------------------------------------------------

const results = [];

async function check(name, fn) {
    try {
        await fn();
        results.push({ name, ok: true });
        console.log(`PASS ${name}`);
    } catch (err) {
        const reason = describe(err).replace(/\s+/g, " ").trim();
        results.push({ name, ok: false, reason });
        console.log(`FAIL ${name}: ${reason}`);
    }
}

function describe(err) {
    if (err instanceof ZepError) {
        return `unexpected ${err.constructor.name} status=${err.statusCode} body=${JSON.stringify(err.body)}`;
    }
    if (err instanceof assert.AssertionError) {
        return err.message;
    }
    return err && err.stack ? err.stack.split("\n").slice(0, 2).join(" ") : String(err);
}

/** Runs `call`, which must fail with an error of class `type` (and status `status`); returns it. */
async function expectError(call, type, status) {
    let result;
    try {
        result = await call();
    } catch (err) {
        if (!(err instanceof ZepError)) {
            throw err;
        }
        assert.ok(
            err instanceof type,
            `expected ${type.name}, got ${err.constructor.name} status=${err.statusCode} body=${JSON.stringify(err.body)}`,
        );
        assert.equal(err.statusCode, status, `status code (${err.message}; body ${JSON.stringify(err.body)})`);
        assert.equal(typeof err.body, "object", "error body is a JSON object");
        assert.equal(typeof err.body?.message, "string", `error body has a message: ${JSON.stringify(err.body)}`);
        assert.ok(err.body.message.length > 0, "error message is not empty");
        return err;
    }
    assert.fail(`expected ${type.name} (${status}), got success: ${JSON.stringify(result)}`);
}

/** A generic (unmapped) SDK error: exactly ZepError, not one of its typed subclasses. */
async function expectGenericError(call, status) {
    const err = await expectError(call, ZepError, status);
    for (const typed of [Zep.BadRequestError, Zep.NotFoundError, Zep.ConflictError, Zep.InternalServerError]) {
        assert.ok(!(err instanceof typed), `expected a generic ZepError, got ${err.constructor.name}`);
    }
    return err;
}

/** Polls `read` until `ok(value)` holds (derived memory is built in the background); fails after 60 s. */
async function eventually(what, read, ok) {
    const deadline = Date.now() + 60000;
    for (;;) {
        const value = await read();
        if (ok(value)) {
            return value;
        }
        if (Date.now() > deadline) {
            assert.fail(`${what} not reached after 60 s: ${JSON.stringify(value)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

/** Waits until every message of the session is `processed` (its facts are learnt). */
async function awaitProcessed(sessionId) {
    await eventually(`messages of ${sessionId} processed`, async () => (await client.memory.getSessionMessages(sessionId)).messages,
        (list) => list.every((m) => m.processed === true));
}

const isUuid = (s) => typeof s === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
const isTimestamp = (s) => typeof s === "string" && !Number.isNaN(Date.parse(s));
const sameInstant = (a, b) => Date.parse(a) === Date.parse(b);

function assertSession(session, sessionId, userId) {
    assert.equal(session.sessionId, sessionId, "sessionId");
    assert.equal(session.userId, userId, "userId");
    assert.ok(isUuid(session.uuid), `uuid is a UUID: ${session.uuid}`);
    assert.equal(typeof session.id, "number", "id is a number");
    assert.ok(isTimestamp(session.createdAt), `createdAt: ${session.createdAt}`);
    assert.ok(isUuid(session.projectUuid), `projectUuid: ${session.projectUuid}`);
}

function assertFact(fact, text) {
    assert.ok(isUuid(fact.uuid), `fact uuid: ${fact.uuid}`);
    assert.equal(fact.fact, text, "fact.fact");
    assert.equal(fact.content, text, "fact.content equals fact.fact");
    assert.ok(isTimestamp(fact.createdAt), `fact createdAt: ${fact.createdAt}`);
}

// --- shared state of the conversation --------------------------------------------------------

const ada = id("ada");
const bob = id("bob");
const cyd = id("cyd");
const chat = id("chat"); // the main conversation of Ada
const chat2 = id("chat2");
const chat3 = id("chat3");
const bobChat = id("bob-chat");
const users = {};
const sessions = {};
let messages = []; // as returned by getSessionMessages, oldest first
let facts = []; // session facts of `chat`
const backfilledAt = "2024-01-02T03:04:05.678901Z";

// The conversation sent with memory.add: every role type, names, metadata, a backfilled timestamp.
const conversation = [
    { role: "system", roleType: "system", content: "You are a travel assistant." },
    { role: "Ada", roleType: "user", content: "Hi, I am Ada. I moved to Lisbon last month.", metadata: { mood: "happy", tags: ["intro"] } },
    { role: "assistant", roleType: "assistant", content: "Welcome to Lisbon, Ada! How can I help?" },
    { role: "Ada", roleType: "user", content: "Find me a weekend trip by train.", createdAt: backfilledAt },
    { role: "trip_search", roleType: "function", content: "{\"results\":[\"Porto\",\"Sintra\"]}" },
    { role: "rail_api", roleType: "tool", content: "Porto: 3h, Sintra: 40min" },
    { role: "assistant", roleType: "assistant", content: "Porto (3h) or Sintra (40 min) are both great." },
    { roleType: "norole", content: "[session note: user prefers trains]" },
];
const secondTurn = [
    { role: "Ada", roleType: "user", content: "Sintra it is. Book for Saturday." },
    { role: "assistant", roleType: "assistant", content: "Booked: Sintra, Saturday 09:00." },
];

// =============================================================================================
// Users
// =============================================================================================

let usersBefore = 0;

await check("user.listOrdered baseline", async () => {
    const page = await client.user.listOrdered();
    assert.ok(Array.isArray(page.users), "users is an array");
    assert.equal(typeof page.totalCount, "number", "totalCount");
    assert.equal(page.rowCount, page.users.length, "rowCount equals the number of users returned");
    assert.equal(page.totalCount, page.users.length, "no paging without params: every user is returned");
    usersBefore = page.totalCount;
});

await check("user.add", async () => {
    const user = await client.user.add({
        userId: ada,
        email: "ada@example.org",
        firstName: "Ada",
        lastName: "Lovelace",
        metadata: { tier: "gold", prefs: { lang: "en" } },
        factRatingInstruction: { instruction: "Rate travel facts high", examples: { high: "Ada loves trains", low: "Ada said hi" } },
    });
    assert.equal(user.userId, ada);
    assert.equal(user.email, "ada@example.org");
    assert.equal(user.firstName, "Ada");
    assert.equal(user.lastName, "Lovelace");
    assert.deepEqual(user.metadata, { tier: "gold", prefs: { lang: "en" } });
    assert.equal(user.factRatingInstruction?.instruction, "Rate travel facts high");
    assert.equal(user.factRatingInstruction?.examples?.high, "Ada loves trains");
    assert.ok(isUuid(user.uuid), `uuid: ${user.uuid}`);
    assert.equal(typeof user.id, "number", "id is a number");
    assert.ok(isTimestamp(user.createdAt), `createdAt: ${user.createdAt}`);
    assert.ok(isUuid(user.projectUuid), `projectUuid: ${user.projectUuid}`);
    users.ada = user;
    users.bob = await client.user.add({ userId: bob, firstName: "Bob" });
    users.cyd = await client.user.add({ userId: cyd });
    assert.equal(users.bob.firstName, "Bob");
    assert.equal(users.cyd.userId, cyd);
    assert.notEqual(users.bob.uuid, users.ada.uuid, "distinct uuids");
});

await check("user.add duplicate -> BadRequestError", async () => {
    const err = await expectError(() => client.user.add({ userId: ada, email: "other@example.org" }), Zep.BadRequestError, 400);
    assert.match(err.body.message, /exist/i, "message says the user exists");
    const stored = await client.user.get(ada);
    assert.equal(stored.email, "ada@example.org", "the first user is unchanged");
});

await check("user.add invalid id -> BadRequestError", async () => {
    await expectError(() => client.user.add({ userId: `bad/${run}` }), Zep.BadRequestError, 400);
    await expectError(() => client.user.add({ userId: "" }), Zep.BadRequestError, 400);
});

await check("user.get", async () => {
    const user = await client.user.get(ada);
    assert.equal(user.uuid, users.ada.uuid, "same uuid as at creation");
    assert.equal(user.id, users.ada.id, "same id as at creation");
    assert.equal(user.userId, ada);
    assert.equal(user.lastName, "Lovelace");
    assert.deepEqual(user.metadata, { tier: "gold", prefs: { lang: "en" } });
});

await check("user.get unknown -> NotFoundError", async () => {
    await expectError(() => client.user.get(id("nobody")), Zep.NotFoundError, 404);
});

await check("user.update (fields + deep-merged metadata)", async () => {
    const user = await client.user.update(ada, {
        email: "ada@lisbon.example.org",
        metadata: { prefs: { theme: "dark" }, city: "Lisbon", system: { injected: true } },
    });
    assert.equal(user.userId, ada);
    assert.equal(user.email, "ada@lisbon.example.org", "email changed");
    assert.equal(user.firstName, "Ada", "firstName untouched");
    assert.equal(user.lastName, "Lovelace", "lastName untouched");
    assert.deepEqual(user.metadata, { tier: "gold", prefs: { lang: "en", theme: "dark" }, city: "Lisbon" });
    assert.equal(user.uuid, users.ada.uuid);
    const again = await client.user.get(ada);
    assert.deepEqual(again.metadata, user.metadata, "the merge is stored");
    assert.equal(again.email, "ada@lisbon.example.org");
});

await check("user.update without a body changes nothing", async () => {
    const before = await client.user.get(ada);
    const user = await client.user.update(ada); // the SDK sends `{}`
    assert.equal(user.email, before.email);
    assert.deepEqual(user.metadata, before.metadata);
    assert.equal(user.uuid, before.uuid);
});

await check("ids with spaces, unicode, +, %, : round-trip (encodeURIComponent)", async () => {
    const odd = `Ünïcode user+1 %20 a:b ${run}`;
    const oddSession = `sess ü+%2F:${run}`;
    const user = await client.user.add({ userId: odd, firstName: "Odd" });
    assert.equal(user.userId, odd, "user id stored verbatim");
    assert.equal((await client.user.get(odd)).uuid, user.uuid, "found again by the same id");
    assert.equal((await client.user.update(odd, { lastName: "Id" })).lastName, "Id");
    const session = await client.memory.addSession({ sessionId: oddSession, userId: odd });
    assert.equal(session.sessionId, oddSession, "session id stored verbatim");
    await client.memory.add(oddSession, { messages: [{ role: "Odd", roleType: "user", content: "ça va? 你好 🙂" }] });
    const mem = await client.memory.get(oddSession);
    assert.deepEqual(mem.messages.map((m) => m.content), ["ça va? 你好 🙂"], "unicode content round-trips");
    assert.deepEqual((await client.user.getSessions(odd)).map((s) => s.sessionId), [oddSession]);
    await client.user.delete(odd);
    await expectError(() => client.memory.getSession(oddSession), Zep.NotFoundError, 404);
});

await check("user.update unknown -> NotFoundError", async () => {
    await expectError(() => client.user.update(id("nobody"), { firstName: "X" }), Zep.NotFoundError, 404);
});

await check("user.listOrdered (pageNumber/pageSize paging, newest first)", async () => {
    const p1 = await client.user.listOrdered({ pageNumber: 1, pageSize: 2 });
    assert.equal(p1.totalCount, usersBefore + 3, "totalCount counts every user");
    assert.equal(p1.rowCount, 2, "rowCount");
    assert.deepEqual(p1.users.map((u) => u.userId), [cyd, bob], "page 1 = the two newest users, newest first");
    const p2 = await client.user.listOrdered({ pageNumber: 2, pageSize: 2 });
    assert.equal(p2.totalCount, usersBefore + 3);
    assert.equal(p2.users[0]?.userId, ada, "page 2 starts with the third newest");
    assert.equal(p2.rowCount, p2.users.length);
    const beyond = await client.user.listOrdered({ pageNumber: 1000, pageSize: 2 });
    assert.deepEqual(beyond.users, [], "a page past the end is empty");
    assert.equal(beyond.rowCount, 0);
    assert.equal(beyond.totalCount, usersBefore + 3);
});

await check("user.listOrdered invalid page -> BadRequestError", async () => {
    await expectError(() => client.user.listOrdered({ pageNumber: 0, pageSize: 2 }), Zep.BadRequestError, 400);
});

// =============================================================================================
// Sessions
// =============================================================================================

let sessionsBefore = 0;

await check("memory.addSession", async () => {
    sessionsBefore = (await client.memory.listSessions()).totalCount;
    const session = await client.memory.addSession({
        sessionId: chat,
        userId: ada,
        metadata: { channel: "web", nested: { a: 1 } },
    });
    assertSession(session, chat, ada);
    assert.deepEqual(session.metadata, { channel: "web", nested: { a: 1 } });
    assert.equal(session.endedAt ?? null, null, "not ended");
    assert.equal(session.deletedAt ?? null, null, "not deleted");
    sessions.chat = session;
    sessions.chat2 = await client.memory.addSession({ sessionId: chat2, userId: ada });
    sessions.chat3 = await client.memory.addSession({ sessionId: chat3, userId: ada, metadata: { topic: "food" } });
    sessions.bobChat = await client.memory.addSession({ sessionId: bobChat, userId: bob });
    assertSession(sessions.chat3, chat3, ada);
    assertSession(sessions.bobChat, bobChat, bob);
    assert.ok(sessions.chat3.id > sessions.chat.id, "ids grow with creation order");
});

await check("memory.addSession duplicate -> BadRequestError", async () => {
    await expectError(() => client.memory.addSession({ sessionId: chat, userId: bob }), Zep.BadRequestError, 400);
    const stored = await client.memory.getSession(chat);
    assert.equal(stored.userId, ada, "the existing session keeps its user");
});

await check("memory.addSession unknown user / invalid id -> BadRequestError", async () => {
    await expectError(() => client.memory.addSession({ sessionId: id("orphan"), userId: id("nobody") }), Zep.BadRequestError, 400);
    await expectError(() => client.memory.addSession({ sessionId: `bad?${run}`, userId: ada }), Zep.BadRequestError, 400);
    await expectError(() => client.memory.getSession(id("orphan")), Zep.NotFoundError, 404);
});

await check("memory.getSession", async () => {
    const session = await client.memory.getSession(chat);
    assertSession(session, chat, ada);
    assert.equal(session.uuid, sessions.chat.uuid, "same uuid as at creation");
    assert.equal(session.id, sessions.chat.id);
    assert.deepEqual(session.metadata, { channel: "web", nested: { a: 1 } });
});

await check("memory.getSession unknown -> NotFoundError", async () => {
    await expectError(() => client.memory.getSession(id("missing")), Zep.NotFoundError, 404);
});

await check("memory.updateSession (deep-merged metadata, fact rating instruction)", async () => {
    const session = await client.memory.updateSession(chat, {
        metadata: { nested: { b: 2 }, lang: "en", system: { hacked: true } },
        factRatingInstruction: { instruction: "Travel plans matter most" },
    });
    assertSession(session, chat, ada);
    assert.deepEqual(session.metadata, { channel: "web", nested: { a: 1, b: 2 }, lang: "en" }, "merged, `system` dropped");
    assert.equal(session.factRatingInstruction?.instruction, "Travel plans matter most");
    const noop = await client.memory.updateSession(chat, { metadata: {} });
    assert.deepEqual(noop.metadata, session.metadata, "empty metadata changes nothing");
    const stored = await client.memory.getSession(chat);
    assert.deepEqual(stored.metadata, session.metadata, "the merge is stored");
});

await check("memory.updateSession unknown -> NotFoundError", async () => {
    await expectError(() => client.memory.updateSession(id("missing"), { metadata: { a: 1 } }), Zep.NotFoundError, 404);
});

await check("memory.listSessions (page_number/page_size paging, ordering)", async () => {
    const all = await client.memory.listSessions();
    assert.equal(all.totalCount, sessionsBefore + 4, "totalCount");
    assert.equal(all.responseCount, all.sessions.length, "responseCount = sessions returned");
    assert.equal(all.sessions.length, all.totalCount, "no params: every session");
    const p1 = await client.memory.listSessions({ pageNumber: 1, pageSize: 2 });
    assert.deepEqual(p1.sessions.map((s) => s.sessionId), [bobChat, chat3], "default order: newest first");
    assert.equal(p1.responseCount, 2);
    assert.equal(p1.totalCount, sessionsBefore + 4);
    const p2 = await client.memory.listSessions({ pageNumber: 2, pageSize: 2, orderBy: "created_at", asc: false });
    assert.deepEqual(p2.sessions.map((s) => s.sessionId), [chat2, chat], "page 2, created_at desc");
    const asc = await client.memory.listSessions({ orderBy: "session_id", asc: true, pageSize: 1000 });
    const ids = asc.sessions.map((s) => s.sessionId);
    assert.deepEqual(ids, [...ids].sort(), "session_id ascending");
    const ours = ids.filter((s) => s.endsWith(run));
    assert.deepEqual(ours, [bobChat, chat, chat2, chat3], "our sessions in session_id order");
    const full = p1.sessions[0];
    assertSession(full, bobChat, bob);
});

await check("memory.listSessions invalid order_by -> BadRequestError", async () => {
    await expectError(() => client.memory.listSessions({ orderBy: "password" }), Zep.BadRequestError, 400);
});

await check("user.getSessions", async () => {
    const list = await client.user.getSessions(ada);
    assert.ok(Array.isArray(list), "an array");
    assert.deepEqual(list.map((s) => s.sessionId).sort(), [chat, chat2, chat3].sort());
    for (const s of list) {
        assertSession(s, s.sessionId, ada);
    }
    const main = list.find((s) => s.sessionId === chat);
    assert.deepEqual(main.metadata, { channel: "web", nested: { a: 1, b: 2 }, lang: "en" }, "full session objects");
    assert.deepEqual((await client.user.getSessions(cyd)), [], "a user without sessions: []");
    const user = await client.user.get(ada);
    assert.equal(user.sessionCount, 3, "sessionCount");
});

// =============================================================================================
// Memory and messages
// =============================================================================================

await check("memory.add (every role type, metadata, backfilled createdAt)", async () => {
    const res = await client.memory.add(chat, { messages: conversation, ignoreRoles: ["assistant"] });
    assert.equal(typeof res, "object", "a JSON object answer");
    assert.equal(res.context, undefined, "no context unless returnContext");
    const list = await client.memory.getSessionMessages(chat);
    assert.equal(list.totalCount, conversation.length, "totalCount");
    assert.deepEqual(list.messages.map((m) => m.content), conversation.map((m) => m.content), "stored in request order");
    assert.deepEqual(list.messages.map((m) => m.roleType), ["system", "user", "assistant", "user", "function", "tool", "assistant", "norole"]);
    assert.deepEqual(list.messages.map((m) => m.role ?? ""), conversation.map((m) => m.role ?? ""), "role names");
    assert.deepEqual(list.messages[1].metadata, { mood: "happy", tags: ["intro"] }, "message metadata");
    assert.ok(sameInstant(list.messages[3].createdAt, backfilledAt), `client createdAt kept: ${list.messages[3].createdAt}`);
    for (const m of list.messages) {
        assert.ok(isUuid(m.uuid), `message uuid: ${m.uuid}`);
        assert.ok(isTimestamp(m.createdAt), `message createdAt: ${m.createdAt}`);
    }
    assert.equal(new Set(list.messages.map((m) => m.uuid)).size, conversation.length, "distinct uuids");
    messages = list.messages;
    await awaitProcessed(chat);
});

await check("facts learnt from the conversation (after processed)", async () => {
    const got = await client.memory.getSessionFacts(chat);
    assert.deepEqual(got.facts.map((f) => f.fact), ["Ada lives in Lisbon"], "learnt from 'I moved to Lisbon last month.'");
    const lisbon = got.facts[0];
    assertFact(lisbon, "Ada lives in Lisbon");
    assert.equal(lisbon.sourceNodeName, "Ada");
    assert.equal(lisbon.targetNodeName, "Lisbon");
    assert.ok(sameInstant(lisbon.validAt, messages[1].createdAt), `validAt is the message time: ${lisbon.validAt}`);
    assert.equal(lisbon.invalidAt, undefined, "still valid");
    assert.equal(typeof lisbon.rating, "number", "rated: Ada has a fact rating instruction");
    assert.ok(lisbon.rating >= 0 && lisbon.rating <= 1, `rating in [0, 1]: ${lisbon.rating}`);
});

await check("memory.add with message objects re-sent from a response", async () => {
    // A typical copy: messages read back through the SDK carry createdAt, updatedAt, tokenCount,
    // processed (and uuid, dropped here: message uuids are unique across sessions).
    const copies = messages.slice(1, 4).map(({ uuid, ...rest }) => rest);
    assert.ok(copies.every((m) => "createdAt" in m), "the copies carry response fields");
    await client.memory.add(chat2, { messages: copies });
    const list = await client.memory.getSessionMessages(chat2);
    assert.deepEqual(list.messages.map((m) => m.content), copies.map((m) => m.content));
    assert.ok(sameInstant(list.messages[2].createdAt, backfilledAt), "createdAt of the copy kept");
    assert.ok(list.messages.every((m) => !messages.some((o) => o.uuid === m.uuid)), "fresh uuids");
    const dup = await expectGenericError(() => client.memory.add(chat2, { messages: [messages[0]] }), 400);
    assert.match(dup.body.message, /uuid/i, `duplicate uuid named: ${dup.body.message}`);
    await client.memory.delete(chat2);
    sessions.chat2 = await client.memory.addSession({ sessionId: chat2, userId: ada });
    assert.equal((await client.memory.getSessionMessages(chat2)).totalCount, 0, "a recreated session starts empty");
});

await check("memory.add unknown session -> 404 (generic ZepError)", async () => {
    await expectGenericError(() => client.memory.add(id("missing"), { messages: secondTurn }), 404);
});

await check("memory.add invalid message -> 400 (generic ZepError), nothing stored", async () => {
    const err = await expectGenericError(
        // 100,001 characters: one more than the server's default limit per message.
        () => client.memory.add(chat3, { messages: [{ roleType: "user", content: "ok" }, { roleType: "user", content: "x".repeat(100001) }] }),
        400,
    );
    assert.match(err.body.message, /\b1\b/, `names the index of the bad message: ${err.body.message}`);
    const list = await client.memory.getSessionMessages(chat3);
    assert.equal(list.totalCount, 0, "all-or-nothing");
});

await check("memory.addSessionFacts + memory.getSessionFacts (deduplicated, rated)", async () => {
    const texts = ["Ada lives in Lisbon", "Ada prefers travelling by train"];
    const res = await client.memory.addSessionFacts(chat, { facts: texts.map((fact) => ({ fact })) });
    assert.equal(typeof res.message, "string", "SuccessResponse.message");
    await client.memory.addSessionFacts(chat, { facts: [{ fact: "ada lives in lisbon." }] });
    const got = await eventually("facts added through the API rated", () => client.memory.getSessionFacts(chat),
        (r) => r.facts.length === 2 && r.facts.every((f) => typeof f.rating === "number"));
    assert.equal(got.facts.length, 2, "a fact the user already has is not stored twice");
    got.facts.forEach((f, i) => assertFact(f, texts[i]));
    facts = got.facts;
    assert.ok(facts[1].rating > 0.9, `like the "high" example (Ada loves trains): ${facts[1].rating}`);
    assert.ok(facts[0].rating < facts[1].rating, `Lisbon rates lower than trains: ${facts[0].rating}`);
    const rated = await client.memory.getSessionFacts(chat, { minRating: 0.9 });
    assert.deepEqual(rated.facts.map((f) => f.fact), ["Ada prefers travelling by train"], "minRating filters on the rating");
    const other = await client.memory.getSessionFacts(chat2);
    assert.deepEqual(other.facts, [], "facts belong to their session");
});

await check("memory.getSessionFacts unknown session -> NotFoundError", async () => {
    await expectError(() => client.memory.getSessionFacts(id("missing")), Zep.NotFoundError, 404);
    await expectError(() => client.memory.addSessionFacts(id("missing"), { facts: [{ fact: "x" }] }), Zep.NotFoundError, 404);
});

await check("user.getFacts", async () => {
    await client.memory.addSessionFacts(chat2, { facts: [{ fact: "Ada booked Sintra" }] });
    const got = await client.user.getFacts(ada);
    assert.deepEqual(got.facts.map((f) => f.fact), ["Ada lives in Lisbon", "Ada prefers travelling by train", "Ada booked Sintra"]);
    got.facts.forEach((f) => assertFact(f, f.fact));
    assert.deepEqual((await client.user.getFacts(bob)).facts, [], "another user's facts are not mixed in");
    await expectError(() => client.user.getFacts(id("nobody")), Zep.NotFoundError, 404);
});

await check("memory.getFact", async () => {
    const got = await client.memory.getFact(facts[0].uuid);
    assertFact(got.fact, "Ada lives in Lisbon");
    assert.equal(got.fact.uuid, facts[0].uuid);
    await expectError(() => client.memory.getFact("00000000-0000-4000-8000-000000000000"), Zep.NotFoundError, 404);
    await expectError(() => client.memory.getFact("not-a-uuid"), Zep.NotFoundError, 404);
});

await check("memory.add returnContext", async () => {
    const res = await client.memory.add(chat, { messages: secondTurn, returnContext: true });
    assert.equal(typeof res.context, "string", `context is a string: ${JSON.stringify(res)}`);
    assert.ok(res.context.includes("Ada lives in Lisbon"), `context lists the user's facts: ${res.context}`);
    assert.ok(res.context.includes("<FACTS>") && res.context.includes("</FACTS>"), "context uses the <FACTS> block");
    assert.ok(res.context.includes("<ENTITIES>\n  - Ada Lovelace: "), `context lists the user as an entity: ${res.context}`);
    const list = await client.memory.getSessionMessages(chat);
    assert.equal(list.totalCount, conversation.length + secondTurn.length, "appended");
    assert.deepEqual(list.messages.slice(-2).map((m) => m.content), secondTurn.map((m) => m.content));
    messages = list.messages;
});

await check("memory.get (lastn, default 6, relevant facts, context)", async () => {
    const mem = await client.memory.get(chat, { lastn: 3 });
    assert.deepEqual(mem.messages.map((m) => m.content), messages.slice(-3).map((m) => m.content), "the last 3, oldest first");
    assert.deepEqual(mem.messages.map((m) => m.uuid), messages.slice(-3).map((m) => m.uuid));
    assert.ok(Array.isArray(mem.relevantFacts), "relevantFacts is an array");
    const factTexts = mem.relevantFacts.map((f) => f.fact);
    assert.ok(factTexts.includes("Ada lives in Lisbon"), `relevant facts: ${JSON.stringify(factTexts)}`);
    mem.relevantFacts.forEach((f) => assertFact(f, f.fact));
    assert.equal(typeof mem.context, "string");
    assert.ok(mem.context.includes("Ada prefers travelling by train"), "context lists the facts");
    assert.ok(mem.context.includes("  - Lisbon: Ada lives in Lisbon.\n"), `entities named by the facts: ${mem.context}`);
    assert.equal(mem.summary, undefined, "10 messages: within the summary window, no summary yet");
    const dflt = await client.memory.get(chat);
    assert.deepEqual(dflt.messages.map((m) => m.uuid), messages.slice(-6).map((m) => m.uuid), "lastn absent -> 6");
    const empty = await client.memory.get(chat2);
    assert.deepEqual(empty.messages, [], "an existing session without messages: []");
    const rated = await client.memory.get(chat, { lastn: 1, minRating: 0.9 });
    assert.deepEqual(rated.relevantFacts.map((f) => f.fact), ["Ada prefers travelling by train"], "minRating filters relevant facts");
    assert.equal(rated.messages.length, 1);
});

await check("memory.get unknown session -> NotFoundError", async () => {
    await expectError(() => client.memory.get(id("missing")), Zep.NotFoundError, 404);
});

await check("memory.getSessionMessages (limit/cursor paging)", async () => {
    const total = messages.length; // 10
    const pages = [];
    for (let cursor = 1; cursor <= 4; cursor++) {
        const page = await client.memory.getSessionMessages(chat, { limit: 3, cursor });
        assert.equal(page.totalCount, total, `page ${cursor}: totalCount is the session total`);
        assert.equal(page.rowCount, page.messages.length, `page ${cursor}: rowCount`);
        pages.push(page.messages);
    }
    assert.deepEqual(pages.map((p) => p.length), [3, 3, 3, 1], "page sizes");
    assert.deepEqual(pages.flat().map((m) => m.uuid), messages.map((m) => m.uuid), "pages concatenate to the whole history, oldest first");
    const past = await client.memory.getSessionMessages(chat, { limit: 3, cursor: 5 });
    assert.deepEqual(past.messages, []);
    assert.equal(past.totalCount, total, "the true total even past the end");
    const first = await client.memory.getSessionMessages(chat, { limit: 2 });
    assert.deepEqual(first.messages.map((m) => m.uuid), messages.slice(0, 2).map((m) => m.uuid), "cursor absent -> page 1");
});

await check("memory.getSessionMessages unknown session -> NotFoundError", async () => {
    await expectError(() => client.memory.getSessionMessages(id("missing")), Zep.NotFoundError, 404);
});

await check("memory.getSessionMessage", async () => {
    const target = messages[1];
    const m = await client.memory.getSessionMessage(chat, target.uuid);
    assert.equal(m.uuid, target.uuid);
    assert.equal(m.content, "Hi, I am Ada. I moved to Lisbon last month.");
    assert.equal(m.roleType, "user");
    assert.equal(m.role, "Ada");
    assert.deepEqual(m.metadata, { mood: "happy", tags: ["intro"] });
    assert.ok(sameInstant(m.createdAt, target.createdAt), "createdAt");
});

await check("memory.getSessionMessage unknown -> NotFoundError", async () => {
    await expectError(() => client.memory.getSessionMessage(chat, "00000000-0000-4000-8000-000000000000"), Zep.NotFoundError, 404);
    await expectError(() => client.memory.getSessionMessage(chat2, messages[1].uuid), Zep.NotFoundError, 404);
});

await check("memory.updateMessageMetadata (deep merge)", async () => {
    const target = messages[1];
    const m = await client.memory.updateMessageMetadata(chat, target.uuid, {
        metadata: { mood: "excited", extra: { source: "sdk" }, system: { x: 1 } },
    });
    assert.equal(m.uuid, target.uuid);
    assert.equal(m.content, target.content, "content untouched");
    assert.deepEqual(m.metadata, { mood: "excited", tags: ["intro"], extra: { source: "sdk" } });
    const again = await client.memory.getSessionMessage(chat, target.uuid);
    assert.deepEqual(again.metadata, m.metadata, "stored");
    await expectError(
        () => client.memory.updateMessageMetadata(chat, "00000000-0000-4000-8000-000000000000", { metadata: { a: 1 } }),
        Zep.NotFoundError,
        404,
    );
});

await check("memory.getSummaries (progressive summary after the window of 12)", async () => {
    assert.deepEqual((await client.memory.getSummaries(chat)).summaries, [], "10 messages: no summary yet");
    const long = id("long");
    await client.memory.addSession({ sessionId: long, userId: ada });
    const turns = [];
    for (let i = 1; i <= 7; i++) {
        turns.push({ role: "Ada", roleType: "user", content: `Tell me about museum number ${i} in Lisbon.` });
        turns.push({ role: "assistant", roleType: "assistant", content: `Museum ${i} shows tiles from the ${i + 14}th century.` });
    }
    await client.memory.add(long, { messages: turns });
    await awaitProcessed(long);
    const res = await eventually("a summary", () => client.memory.getSummaries(long), (r) => r.summaries.length > 0);
    assert.equal(res.totalCount, 1, "14 messages over a window of 12: one summary");
    assert.equal(res.rowCount, 1, "rowCount");
    const summary = res.summaries[0];
    const uuids = (await client.memory.getSessionMessages(long)).messages.map((m) => m.uuid);
    assert.deepEqual(summary.relatedMessageUuids, uuids.slice(0, 7), "the oldest half was folded in");
    assert.match(summary.content, /^On \d{1,2} [A-Z][a-z]+ \d{4}, Ada asked the assistant to tell them about museum number 1 in Lisbon\./,
        summary.content);
    assert.ok(summary.content.includes("museum number 4") && !summary.content.includes("museum number 5"), summary.content);
    assert.ok(summary.tokenCount > 10, `tokenCount: ${summary.tokenCount}`);
    assert.ok(isUuid(summary.uuid) && isTimestamp(summary.createdAt));
    const mem = await client.memory.get(long);
    assert.equal(mem.summary?.uuid, summary.uuid, "memory.get carries the latest summary");
    await client.memory.delete(long); // keeps Ada's session list as the later checks expect it
    await expectError(() => client.memory.getSummaries(id("missing")), Zep.NotFoundError, 404);
});

await check("memory.deleteFact", async () => {
    const res = await client.memory.deleteFact(facts[1].uuid);
    assert.equal(typeof res.message, "string", "SuccessResponse.message");
    await expectError(() => client.memory.getFact(facts[1].uuid), Zep.NotFoundError, 404);
    const left = await client.memory.getSessionFacts(chat);
    assert.deepEqual(left.facts.map((f) => f.uuid), [facts[0].uuid], "the other fact remains");
    await expectError(() => client.memory.deleteFact(facts[1].uuid), Zep.NotFoundError, 404);
});

// =============================================================================================
// Ending and deleting
// =============================================================================================

await check("memory.endSession (idempotent)", async () => {
    const res = await client.memory.endSession(chat);
    assertSession(res.session, chat, ada);
    assert.ok(isTimestamp(res.session.endedAt), `endedAt set: ${res.session.endedAt}`);
    assert.equal(res.classification, undefined, "no classification without classify");
    const again = await client.memory.endSession(chat, { instruction: "ignored" });
    assert.equal(again.session.endedAt, res.session.endedAt, "ending again keeps the first endedAt");
    const stored = await client.memory.getSession(chat);
    assert.equal(stored.endedAt, res.session.endedAt, "getSession shows endedAt");
    await expectError(() => client.memory.endSession(id("missing")), Zep.NotFoundError, 404);
});

await check("memory.updateSession on an ended session -> ConflictError", async () => {
    const err = await expectError(() => client.memory.updateSession(chat, { metadata: { late: true } }, NO_RETRY), Zep.ConflictError, 409);
    assert.match(err.body.message, /ended/i);
    const stored = await client.memory.getSession(chat);
    assert.equal(stored.metadata.late, undefined, "not changed");
});

await check("memory.add on an ended session -> 400 (generic ZepError)", async () => {
    await expectGenericError(() => client.memory.add(chat, { messages: secondTurn }), 400);
    const list = await client.memory.getSessionMessages(chat);
    assert.equal(list.totalCount, messages.length, "nothing added");
    const mem = await client.memory.get(chat, { lastn: 2 });
    assert.deepEqual(mem.messages.map((m) => m.uuid), messages.slice(-2).map((m) => m.uuid), "an ended session is still readable");
});

await check("memory.endSessions", async () => {
    const res = await client.memory.endSessions({ sessionIds: [chat2, chat3], instruction: "wrap up" });
    assert.deepEqual(res.sessions.map((s) => s.sessionId).sort(), [chat2, chat3].sort());
    for (const s of res.sessions) {
        assertSession(s, s.sessionId, ada);
        assert.ok(isTimestamp(s.endedAt), `endedAt: ${s.endedAt}`);
    }
    assert.ok((await client.memory.getSession(chat3)).endedAt, "stored");
});

await check("memory.endSessions with an unknown id -> NotFoundError, nothing ended", async () => {
    await expectError(() => client.memory.endSessions({ sessionIds: [bobChat, id("missing")] }), Zep.NotFoundError, 404);
    const bobs = await client.memory.getSession(bobChat);
    assert.equal(bobs.endedAt ?? null, null, "the known session was not ended");
});

await check("memory.delete", async () => {
    const res = await client.memory.delete(chat3);
    assert.equal(typeof res.message, "string", "SuccessResponse.message");
    await expectError(() => client.memory.getSession(chat3), Zep.NotFoundError, 404);
    await expectError(() => client.memory.getSessionMessages(chat3), Zep.NotFoundError, 404);
    await expectError(() => client.memory.delete(chat3), Zep.NotFoundError, 404);
    const left = await client.user.getSessions(ada);
    assert.deepEqual(left.map((s) => s.sessionId).sort(), [chat, chat2].sort(), "the user's other sessions remain");
});

await check("user.delete (cascades to sessions)", async () => {
    await client.memory.add(bobChat, { messages: [{ role: "Bob", roleType: "user", content: "hello" }] });
    const res = await client.user.delete(bob);
    assert.equal(typeof res.message, "string", "SuccessResponse.message");
    await expectError(() => client.user.get(bob), Zep.NotFoundError, 404);
    await expectError(() => client.memory.getSession(bobChat), Zep.NotFoundError, 404);
    await expectError(() => client.user.delete(bob), Zep.NotFoundError, 404);
    const page = await client.user.listOrdered();
    assert.equal(page.totalCount, usersBefore + 2, "one user fewer");
    assert.ok(!page.users.some((u) => u.userId === bob), "not listed");
    const reused = await client.user.add({ userId: bob, firstName: "Bob II" });
    assert.notEqual(reused.uuid, users.bob.uuid, "a deleted id can be reused");
});

// =============================================================================================
// Authentication
// =============================================================================================

await check("wrong API key -> 401 (generic ZepError)", async () => {
    const intruder = new ZepClient({ apiKey: `wrong-${run}`, environment: baseUrl });
    const err = await expectGenericError(() => intruder.memory.getSession(chat, NO_RETRY), 401);
    assert.equal(err.body.message, "unauthorized");
    await expectGenericError(() => intruder.user.get(ada, NO_RETRY), 401);
    await expectGenericError(() => intruder.memory.add(chat2, { messages: secondTurn }, NO_RETRY), 401);
    assert.equal((await client.memory.getSessionMessages(chat2)).totalCount, 0, "nothing was written");
});

await check("user.getNode", async () => {
    const { node } = await client.user.getNode(ada);
    assert.ok(isUuid(node.uuid), `node uuid: ${node.uuid}`);
    assert.equal(node.name, "Ada Lovelace", "first and last name");
    assert.ok(node.summary.includes("Ada lives in Lisbon."), `summary built from the facts: ${node.summary}`);
    assert.deepEqual(node.labels, ["User"]);
    assert.ok(sameInstant(node.createdAt, users.ada.createdAt), "the user's createdAt");
    assert.equal((await client.user.getNode(ada)).node.uuid, node.uuid, "a stable uuid");
    const plain = (await client.user.getNode(cyd)).node;
    assert.equal(plain.name, cyd, "no name: the user id");
    assert.equal(plain.summary, "", "nothing known yet");
    await expectError(() => client.user.getNode(id("nobody")), Zep.NotFoundError, 404);
});

// =============================================================================================
// Search (hybrid: word matches and embeddings; runs after `chat` has ended — still searchable)
// =============================================================================================

function assertScores(results) {
    const scores = results.map((r) => r.score);
    for (const [i, score] of scores.entries()) {
        assert.equal(typeof score, "number", `score is a number: ${JSON.stringify(scores)}`);
        assert.ok(score >= 0 && score <= 1, `score in [0, 1]: ${JSON.stringify(scores)}`);
        assert.ok(i === 0 || scores[i - 1] >= score, `best first: ${JSON.stringify(scores)}`);
    }
}

await check("memory.searchSessions (a user's facts, listed sessions' messages, record filter)", async () => {
    const facts = await client.memory.searchSessions({ text: "Lisbon", userId: ada, searchScope: "facts", limit: 5 });
    assert.ok(Array.isArray(facts.results), "results is an array");
    assert.equal(facts.results[0].fact.fact, "Ada lives in Lisbon", "the fact with the query word first");
    assertFact(facts.results[0].fact, "Ada lives in Lisbon");
    assert.equal(facts.results[0].sessionId, chat, "the fact's session");
    assert.deepEqual(facts.results.map((r) => r.fact.fact).sort(), ["Ada booked Sintra", "Ada lives in Lisbon"], "all of Ada's facts, nothing else");
    assert.ok(facts.results.every((r) => r.message === undefined && r.summary === undefined), "facts scope: only facts");
    assertScores(facts.results);

    const listed = await client.memory.searchSessions({ text: "Lisbon", sessionIds: [chat], limit: 2 });
    assert.deepEqual(
        listed.results.map((r) => r.message.content).sort(),
        ["Hi, I am Ada. I moved to Lisbon last month.", "Welcome to Lisbon, Ada! How can I help?"],
        "the two messages that mention Lisbon",
    );
    assert.ok(listed.results.every((r) => r.sessionId === chat), "only the listed session");
    assertScores(listed.results);

    const excited = await client.memory.searchSessions({
        text: "",
        userId: ada,
        recordFilter: { where: { jsonpath: '$[*] ? (@.mood == "excited")' } },
    });
    assert.deepEqual(excited.results.map((r) => r.message.uuid), [messages[1].uuid], "metadata-only: the message whose metadata matches");
    assert.equal(excited.results[0].score, 1, "a filter match scores 1");

    assert.deepEqual((await client.memory.searchSessions({ text: "Lisbon", userId: bob })).results, [], "Bob (recreated) has nothing");
    await expectGenericError(() => client.memory.searchSessions({ text: "Lisbon", userId: id("nobody") }, NO_RETRY), 404);
    await expectGenericError(() => client.memory.searchSessions({ text: "" }, NO_RETRY), 400);
});

await check("memory.search (similarity, mmr, metadata and date filters)", async () => {
    const sintra = await client.memory.search(chat, { text: "Sintra", limit: 5 });
    assert.equal(sintra.length, 5);
    assert.ok(sintra.every((r) => r.message.content.includes("Sintra")), `the five messages naming Sintra: ${JSON.stringify(sintra.map((r) => r.message.content))}`);
    assertScores(sintra);

    const mmr = await client.memory.search(chat, { text: "train", searchType: "mmr", mmrLambda: 0.5, limit: 3 });
    assert.equal(mmr.length, 3, "limit");
    assert.match(mmr[0].message.content, /train/i, "the most relevant first");
    assert.equal(new Set(mmr.map((r) => r.message.uuid)).size, 3, "distinct messages");
    assert.ok(mmr.every((r) => r.score >= 0 && r.score <= 1), "scores in [0, 1]");

    const filtered = await client.memory.search(chat, { metadata: { where: { jsonpath: '$[*] ? (@.mood == "excited")' } } });
    assert.deepEqual(filtered.map((r) => r.message.uuid), [messages[1].uuid], "metadata-only search");
    assert.equal(filtered[0].metadata.mood, "excited", "the result carries the message metadata");

    const backfilled = await client.memory.search(chat, { text: "trip", metadata: { end_date: "2024-12-31" } });
    assert.deepEqual(backfilled.map((r) => r.message.uuid), [messages[3].uuid], "end_date keeps only the backfilled message");

    const threshold = sintra[1].score;
    const strict = await client.memory.search(chat, { text: "Sintra", minScore: threshold });
    assert.deepEqual(
        strict.map((r) => r.message.uuid),
        sintra.filter((r) => r.score >= threshold).map((r) => r.message.uuid),
        "minScore keeps exactly the results scoring at least that much",
    );
    assert.ok(strict.length >= 2, "the best two at least");

    await expectError(() => client.memory.search(id("missing"), { text: "x" }), Zep.NotFoundError, 404);
    await expectGenericError(() => client.memory.search(chat, {}, NO_RETRY), 400);
});

// =============================================================================================
// Intelligence: classify, extract, synthesize question (the server's default local models)
// =============================================================================================

const ivy = id("ivy");
const trip = id("trip");
const quiet = id("quiet");
// Reference time of the extraction checks: Wednesday 6 March 2024, so "next Friday" is 8 March.
const tripNow = "2024-03-06T10:00:00Z";

await check("intelligence: a conversation to work on", async () => {
    await client.user.add({ userId: ivy, firstName: "Ivy" });
    await client.memory.addSession({ sessionId: trip, userId: ivy });
    await client.memory.addSession({ sessionId: quiet, userId: ivy });
    await client.memory.add(trip, {
        messages: [
            { role: "Ivy", roleType: "user", content: "Hi, I'm Ivy Chen and I live in Lisbon." },
            { role: "assistant", roleType: "assistant", content: "Hello Ivy! How can I help you today?" },
            { role: "Ivy", roleType: "user", content: "I want to book a trip to Porto next Friday for 3 nights. My email is ivy@example.org." },
            { role: "assistant", roleType: "assistant", content: "Porto is lovely. The Ribeira district is a great place to stay." },
            { role: "Ivy", roleType: "user", content: "Tell me about the Dom Luís I Bridge." },
            { role: "assistant", roleType: "assistant", content: "The Dom Luís I Bridge is a double-deck iron arch bridge over the Douro river in Porto." },
            { role: "Ivy", roleType: "user", content: "How long is it?" },
        ],
    });
    assert.equal((await client.memory.getSessionMessages(trip)).totalCount, 7);
});

await check("memory.classifySession", async () => {
    const res = await client.memory.classifySession(trip, { name: "topic", classes: ["cooking", "travel", "billing"], lastN: 6 });
    assert.equal(res.class, "travel", "the chosen class, exactly as given");
    assert.equal(res.label, "topic", "label is the classifier name");
    const session = await client.memory.getSession(trip);
    assert.deepEqual(session.classifications, { topic: "travel" }, "persisted under the classifier name");
    const unsaved = await client.memory.classifySession(trip, { name: "draft", classes: ["Travel Planning", "Cooking"], persist: false });
    assert.equal(unsaved.class, "Travel Planning");
    assert.deepEqual((await client.memory.getSession(trip)).classifications, { topic: "travel" }, "persist: false stores nothing");
});

// The SDK maps 400 to BadRequestError only where Zep documents it (not for classify and
// synthesize_question): there a 400 arrives as a generic ZepError.
await check("memory.classifySession errors: empty classes, no messages -> 400 (generic ZepError); unknown -> NotFoundError", async () => {
    await expectGenericError(() => client.memory.classifySession(trip, { name: "topic", classes: [] }), 400);
    const empty = await expectGenericError(() => client.memory.classifySession(quiet, { name: "topic", classes: ["a", "b"] }), 400);
    assert.match(empty.body.message, /no messages/);
    await expectError(() => client.memory.classifySession(id("missing"), { name: "topic", classes: ["a"] }), Zep.NotFoundError, 404);
});

await check("memory.extractData (model_schema of the TypeScript form)", async () => {
    const modelSchema = JSON.stringify({
        properties: {
            name: { zep_type: "ZepText", description: "The user's name" },
            city: { zep_type: "ZepText", description: "The city where the user lives" },
            email: { zep_type: "ZepEmail", description: "The user's email address" },
            nights: { zep_type: "ZepNumber", description: "How many nights" },
            when: { zep_type: "ZepDate", description: "The travel date" },
            phone: { zep_type: "ZepPhoneNumber", description: "The user's phone number" },
        },
    });
    const res = await client.memory.extractData(trip, { lastN: 7, modelSchema, currentDateTime: tripNow });
    assert.deepEqual(res, { name: "Ivy Chen", city: "Lisbon", email: "ivy@example.org", nights: "3", when: "2024-03-08" },
        "strings only; the phone number is not in the conversation and is omitted");
    const recent = await client.memory.extractData(trip, { lastN: 2, modelSchema, currentDateTime: tripNow });
    assert.deepEqual(recent, {}, "the last 2 messages state none of the fields");
    await expectError(() => client.memory.extractData(trip, { lastN: 4, modelSchema: "{not json" }), Zep.BadRequestError, 400);
    await expectError(() => client.memory.extractData(trip, { lastN: 4, modelSchema: "{\"title\":\"T\"}" }), Zep.BadRequestError, 400);
    await expectError(() => client.memory.extractData(id("missing"), { lastN: 4, modelSchema }), Zep.NotFoundError, 404);
});

await check("memory.extract (SDK helper, zepFields)", async () => {
    const res = await client.memory.extract(
        trip,
        {
            city: zepFields.text("The user's city"),
            nights: zepFields.number("How many nights"),
            when: zepFields.date("Travel date"),
            email: zepFields.email("The user's email"),
        },
        { lastN: 10, currentDateTime: tripNow, validate: false },
    );
    assert.equal(res.city, "Lisbon");
    assert.equal(res.nights, 3, "parsed by the SDK as a number");
    assert.ok(res.when instanceof Date, "parsed by the SDK as a Date");
    assert.equal(res.when.toISOString().slice(0, 10), "2024-03-08", "next Friday after Wednesday 6 March 2024");
    assert.equal(res.email, "ivy@example.org");
});

await check("memory.synthesizeQuestion", async () => {
    const res = await client.memory.synthesizeQuestion(trip, { lastNMessages: 4 });
    assert.equal(res.question, "How long is the Dom Luís I Bridge?", "the pronoun is resolved from earlier messages");
    const fallback = await client.memory.synthesizeQuestion(trip);
    assert.equal(fallback.question, "How long is the Dom Luís I Bridge?", "default window of 6 messages");
    const empty = await expectGenericError(() => client.memory.synthesizeQuestion(quiet), 400);
    assert.match(empty.body.message, /no messages/);
    await expectError(() => client.memory.synthesizeQuestion(id("missing")), Zep.NotFoundError, 404);
});

await check("memory.endSession with classify", async () => {
    const failed = await expectError(
        () => client.memory.endSession(quiet, { classify: { name: "topic", classes: ["a", "b"] } }),
        Zep.BadRequestError,
        400,
    );
    assert.match(failed.body.message, /no messages/);
    assert.equal((await client.memory.getSession(quiet)).endedAt ?? null, null, "a failed classification ends nothing");
    const res = await client.memory.endSession(trip, { classify: { name: "intent", classes: ["complaint", "travel booking"], lastN: 7 } });
    assertSession(res.session, trip, ivy);
    assert.ok(isTimestamp(res.session.endedAt), `endedAt: ${res.session.endedAt}`);
    assert.deepEqual(res.classification, { class: "travel booking", label: "intent" });
    assert.deepEqual(res.session.classifications, { topic: "travel", intent: "travel booking" }, "stored with the earlier one");
});

// --- summary ---------------------------------------------------------------------------------

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
