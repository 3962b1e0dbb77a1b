// Benchmark: single moves over HTTP on loopback, 32 concurrent clients, against a real listening
// server (SQLite, in a child process so client and server do not share an event loop).
// Goal: >= 3,000 moves/s with p99 < 25 ms. Run: npx tsx tests/bench/http-moves.bench.ts [seconds]
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLIENTS = 32;

if (process.env.CONTINUUM_BENCH_ROLE === 'server') {
  const { startServer, createToken } = await import('@continuum/api');
  const server = await startServer({ port: 0, dataDir: process.env.CONTINUUM_BENCH_DIR! });
  const token = await createToken(server.store, 'manager', 'bench');
  process.send?.({ port: server.port, token });
  process.on('message', async (m) => {
    if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (m === 'stop') {
      await server.close();
      process.exit(0);
    }
  });
} else {
  const seconds = Number(process.argv[2] ?? 10);
  const dir = mkdtempSync(join(tmpdir(), 'continuum-bench-http-'));
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, CONTINUUM_BENCH_ROLE: 'server', CONTINUUM_BENCH_DIR: dir },
    execArgv: process.env.CONTINUUM_BENCH_PROFILE
      ? [...process.execArgv, '--cpu-prof', '--cpu-prof-dir=/tmp/httpprof']
      : process.execArgv,
  });
  try {
    const { port, token } = await new Promise<{ port: number; token: string }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { port: number; token: string }));
      child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const post = (path: string, body: unknown) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const data = JSON.stringify(body);
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            path,
            method: 'POST',
            agent,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(data),
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c) => {
              text += c;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.end(data);
      });

    // Each client owns one case and walks it front_door <-> early_help: every request is a real
    // stage change (event appended, one stay closed, one opened, audit row), checked by the table.
    const t0 = Date.parse('2020-01-01T00:00:00Z');
    const caseIds: number[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const r = await post('/api/cases', { caseRef: `BENCH-${i}`, occurredAt: t0 });
      caseIds.push(JSON.parse(r.body).case.id);
    }
    const latencies: number[] = [];
    let errors = 0;
    let measuring = false;
    let stop = false;
    const client = async (i: number) => {
      let step = 0;
      while (!stop) {
        const event = step % 2 === 0 ? 'refer_early_help' : 'step_up';
        const started = performance.now();
        const r = await post(`/api/cases/${caseIds[i]}/events`, { event, occurredAt: t0 + ++step * 1000 });
        const ms = performance.now() - started;
        if (r.status !== 201) errors++;
        if (measuring) latencies.push(ms);
      }
    };
    const running = Array.from({ length: CLIENTS }, (_, i) => client(i));
    const serverCpu = () =>
      new Promise<number>((resolve) => {
        const onMessage = (m: unknown) => {
          const cpu = (m as { cpu?: NodeJS.CpuUsage }).cpu;
          if (!cpu) return;
          child.off('message', onMessage);
          resolve((cpu.user + cpu.system) / 1e6);
        };
        child.on('message', onMessage);
        child.send('cpu');
      });
    await new Promise((r) => setTimeout(r, 2000)); // warm-up
    const cpuBefore = await serverCpu();
    measuring = true;
    const started = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    measuring = false;
    const elapsed = (performance.now() - started) / 1000;
    const serverSeconds = (await serverCpu()) - cpuBefore;
    const count = latencies.length;
    stop = true;
    await Promise.all(running);
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(count - 1, Math.floor(p * count))] ?? Number.NaN;
    const rate = Math.round(count / elapsed);
    const p99 = q(0.99);
    console.log(
      `http moves (SQLite, loopback, ${CLIENTS} clients, ${seconds} s): ${rate.toLocaleString('en-GB')} moves/s, ` +
        `p50 ${q(0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms, errors ${errors} ` +
        `(goal 3,000/s, p99 < 25 ms) ${rate >= 3000 && p99 < 25 ? 'MET' : 'NOT MET'}; ` +
        `server CPU ${((serverSeconds / count) * 1e6).toFixed(0)} us per move (${Math.round(count / serverSeconds).toLocaleString('en-GB')} moves per server CPU-second); ` +
        `load average ${loadavg()[0]!.toFixed(2)}`,
    );
    if (errors > 0) process.exitCode = 1;
    agent.destroy();
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
