// Load driver of `make bench-mock`: the same call sequence, at the same concurrency, against
// Engram in mock mode, Prism (mocking openapi/zep-v2.yaml) and WireMock (bench/wiremock stubs).
// Each tool is started by this script, measured alone (so the tools never compete for CPU) and
// stopped again. Node's own http module with keep-alive; no dependencies.
//
//   node bench/mock-bench.mjs --engram-jar J --prism P --wiremock-jar W [--concurrency 8]
//        [--warmup 5] [--duration 15] [--tools engram,prism,wiremock]
//        [--engram-java PATH] [--engram-java-opts "..."] (how make mock starts it: its JVM options,
//        and with a JDK 25 the aot-jar from its AOT cache)
import http from 'node:http';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import { readFileSync } from 'node:fs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => {
  if (a.startsWith('--')) pairs.push([a.slice(2), all[i + 1]]);
  return pairs;
}, []));
const concurrency = Number(args.concurrency ?? 8);
const warmupS = Number(args.warmup ?? 5);
const durationS = Number(args.duration ?? 15);
const spec = args.spec ?? 'openapi/zep-v2.yaml';
const wanted = (args.tools ?? 'engram,prism,wiremock').split(',');

const TOOLS = {
  engram: {
    port: 18181,
    cmd: args['engram-java'] ?? 'java',
    argv: (port) => [...(args['engram-java-opts'] ?? '').split(' ').filter(Boolean), '-jar', args['engram-jar']],
    env: (port) => ({ QUARKUS_PROFILE: 'mock', QUARKUS_HTTP_PORT: String(port), QUARKUS_HTTP_HOST: '127.0.0.1' }),
  },
  prism: {
    port: 18182,
    cmd: process.execPath,
    argv: (port) => [args.prism, 'mock', spec, '--port', String(port), '--host', '127.0.0.1', '--errors', 'false'],
    env: () => ({}),
  },
  wiremock: {
    port: 18183,
    cmd: 'java',
    argv: (port) => ['-jar', args['wiremock-jar'], '--port', String(port), '--bind-address', '127.0.0.1',
      '--root-dir', 'bench/wiremock', '--disable-banner', '--max-request-journal-entries', '1000'],
    env: () => ({}),
  },
};

const HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: 'Api-Key bench' };

function request(agent, port, method, path, body) {
  return new Promise((resolve) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const headers = data === undefined ? HEADERS : { ...HEADERS, 'Content-Length': Buffer.byteLength(data) };
    const start = performance.now();
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - start }));
    });
    req.on('error', (e) => resolve({ status: 0, ms: performance.now() - start, error: e.message }));
    if (data !== undefined) req.write(data);
    req.end();
  });
}

// The sequence: create user, create session, add 6 messages (one POST each, as a chat loop
// does), get memory, list messages. 10 requests.
async function sequence(agent, port, tag, record) {
  const user = `u-${tag}`;
  const session = `s-${tag}`;
  const calls = [
    ['POST', '/api/v2/users', { user_id: user, first_name: 'Ada', metadata: { bench: true } }],
    ['POST', '/api/v2/sessions', { session_id: session, user_id: user }],
  ];
  for (let i = 0; i < 6; i++) {
    calls.push(['POST', `/api/v2/sessions/${session}/memory`, {
      messages: [{ role: i % 2 ? 'Bot' : 'Ada', role_type: i % 2 ? 'assistant' : 'user',
        content: `message ${i + 1} of the benchmark conversation` }],
    }]);
  }
  calls.push(['GET', `/api/v2/sessions/${session}/memory?lastn=6`]);
  calls.push(['GET', `/api/v2/sessions/${session}/messages?limit=10`]);
  for (const [method, path, body] of calls) {
    record(await request(agent, port, method, path, body));
  }
}

async function load(port, seconds, runTag, record) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const until = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    while (performance.now() < until) {
      await sequence(agent, port, `${runTag}-${w}-${n++}`, record);
    }
  }));
  agent.destroy();
}

async function firstAnswer(port, t0, child) {
  const agent = new http.Agent({ keepAlive: false });
  while (performance.now() - t0 < 120_000) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before answering`);
    const r = await request(agent, port, 'GET', '/api/v2/users-ordered');
    if (r.status >= 200 && r.status < 300) return performance.now() - t0;
    await sleep(5);
  }
  throw new Error('no answer within 120 s');
}

// CPU seconds the process has used (user + system, from /proc; NaN elsewhere). Per request it is
// the figure that stays comparable on a shared machine, where requests/s moves with the load.
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(name) {
  const tool = TOOLS[name];
  const log = [];
  const t0 = performance.now();
  const child = spawn(tool.cmd, tool.argv(tool.port), {
    env: { ...process.env, ...tool.env(tool.port) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => log.push(d.toString()));
  child.stderr.on('data', (d) => log.push(d.toString()));
  try {
    const ttfa = await firstAnswer(tool.port, t0, child);
    process.stderr.write(`[bench] ${name}: first answer after ${ttfa.toFixed(0)} ms; warming up ${warmupS} s\n`);
    await load(tool.port, warmupS, 'warm', () => {});
    const latencies = [];
    const statuses = {};
    let errors = 0;
    const started = performance.now();
    const cpuBefore = cpuSeconds(child.pid);
    await load(tool.port, durationS, 'run', (r) => {
      latencies.push(r.ms);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (!(r.status >= 200 && r.status < 300)) errors++;
    });
    const elapsed = (performance.now() - started) / 1000;
    const cpuMsPerRequest = ((cpuSeconds(child.pid) - cpuBefore) * 1000) / latencies.length;
    latencies.sort((a, b) => a - b);
    const result = { name, ttfa, requests: latencies.length, rps: latencies.length / elapsed,
      p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors, statuses, cpuMsPerRequest };
    process.stderr.write(`[bench] ${name}: ${result.requests} requests, statuses ${JSON.stringify(statuses)}\n`);
    return result;
  } catch (e) {
    process.stderr.write(`[bench] ${name} failed: ${e.message}\n${log.join('').slice(-2000)}\n`);
    return { name, failed: e.message };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  }
}

const results = [];
for (const name of wanted) results.push(await measure(name));

const fmt = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '-');
console.log(`\nMock benchmark: ${concurrency} concurrent clients, ${warmupS} s warm-up + ${durationS} s measured per tool;`);
console.log('sequence = create user, create session, 6 x add message, get memory, list messages (10 requests)');
console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the end (load driver runs on the same machine)\n`);
console.log('| tool | requests/s | CPU ms per request | p50 ms | p99 ms | non-2xx | start → first answer ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  if (r.failed) console.log(`| ${r.name} | failed: ${r.failed} | | | | | |`);
  else console.log(`| ${r.name} | ${fmt(r.rps, 0)} | ${fmt(r.cpuMsPerRequest, 2)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${r.errors} | ${fmt(r.ttfa, 0)} |`);
}
const engram = results.find((r) => r.name === 'engram' && !r.failed);
const others = results.filter((r) => r.name !== 'engram' && !r.failed);
if (engram && others.length) {
  console.log('\nRatios (Engram ÷ other; requests/s above 1 = Engram faster, latency and start below 1 = Engram faster)\n');
  console.log('| vs | requests/s | CPU per request | p50 | p99 | start → first answer |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const o of others) {
    console.log(`| ${o.name} | ${fmt(engram.rps / o.rps, 2)} | ${fmt(engram.cpuMsPerRequest / o.cpuMsPerRequest, 2)} | ${fmt(engram.p50 / o.p50, 2)} | ${fmt(engram.p99 / o.p99, 2)} | ${fmt(engram.ttfa / o.ttfa, 2)} |`);
  }
}
