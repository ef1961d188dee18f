// The replicas test's harness: bounded waiting, free ports, child processes, and the nginx
// configuration generated from README.md's production example.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

/** The towns' website; every citizen request comes from it. */
export const ORIGIN = 'https://www.replica-stadt.example';

// ── small bounded helpers ──────────────────────────────────────────────────────────────
export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value other than undefined; fails after `ms`. */
export async function poll<T>(what: string, ms: number, probe: () => Promise<T | undefined>, everyMs = 50): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (let i = 0; i < 100_000; i++) {
    try {
      const got = await probe();
      if (got !== undefined) return got;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) break;
    await pause(everyMs);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export function http(url: string, init: RequestInit & { timeoutMs?: number } = {}) {
  return fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 30_000) });
}

// ── the nginx configuration: README.md's example with this machine's addresses ─────────

/** The ```nginx block of README.md, with the replicas' ports, a local listen and paths in `dir`. */
export function nginxConfig(readme: string, o: { upstreams: number[]; listen: number; dir: string }): string {
  const m = /```nginx\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README.md has no ```nginx block (section "Behind nginx")');
  let site = m[1]!;
  const servers = [...site.matchAll(/^(\s*)server\s+\S+:\d+(.*);$/gm)];
  assert.equal(servers.length, o.upstreams.length, 'the README example lists one upstream server per replica');
  let i = 0;
  site = site.replace(/^(\s*)server\s+\S+:\d+(.*);$/gm, (_all, indent: string, rest: string) => `${indent}server 127.0.0.1:${o.upstreams[i++]}${rest};`);
  assert.match(site, /^\s*listen 80;$/m, 'the README example listens on port 80');
  site = site.replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${o.listen};`);
  assert.doesNotMatch(site, /^\s*(listen 443|ssl_)/m, 'TLS lines stay commented in the example');
  const d = (name: string) => path.join(o.dir, name);
  return [
    `pid ${d('nginx.pid')};`,
    `error_log ${d('error.log')} warn;`,
    'worker_processes 1;',
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${d('client_body')};`,
    `  proxy_temp_path ${d('proxy')};`,
    `  fastcgi_temp_path ${d('fastcgi')};`,
    `  uwsgi_temp_path ${d('uwsgi')};`,
    `  scgi_temp_path ${d('scgi')};`,
    site,
    '}',
    '',
  ].join('\n');
}

// ── processes ──────────────────────────────────────────────────────────────────────────

export interface Proc {
  name: string;
  port: number;
  child: ChildProcess | null;
  output: string;
  exit: Promise<number | null> | null;
}

export function track(p: Proc, child: ChildProcess) {
  p.child = child;
  p.output = '';
  const keep = (b: Buffer) => {
    p.output = (p.output + b.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  p.exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
}

export async function stopProc(p: Proc, signal: NodeJS.Signals = 'SIGTERM', ms = 30_000): Promise<number> {
  if (!p.child || p.child.exitCode !== null || p.child.signalCode !== null) return 0;
  const started = Date.now();
  p.child.kill(signal);
  const code = await Promise.race([p.exit!, pause(ms).then(() => 'timeout' as const)]);
  if (code === 'timeout') {
    p.child.kill('SIGKILL');
    await p.exit;
    throw new Error(`${p.name} did not exit within ${ms} ms of ${signal}:\n${p.output}`);
  }
  return Date.now() - started;
}

// ── a citizen's submission ─────────────────────────────────────────────────────────────

/** A tip whose description carries a marker, so each acknowledged one can be found again. */
export const tip = (marker: string) => ({
  kind: 'schaden',
  category: 'beleuchtung',
  description: `Die Laterne vor Hausnummer 12 ist dunkel. Marker ${marker}`,
  location: { lat: 52.4001, lng: 10.0501, address: 'Hauptstraße 12' },
  contact: { name: 'Max Mustermann', email: `max+${marker}@example.org` },
  notify: true,
  consent: true,
});

export async function solved(at: string, pk: string): Promise<string> {
  const res = await http(`${at}/v1/challenge`, { headers: { Authorization: `Bearer ${pk}`, Origin: ORIGIN } });
  if (res.status !== 200) throw new Error(`challenge: ${res.status} ${await res.text()}`);
  const challenge = await res.json();
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

export function post(at: string, pk: string, body: unknown, headers: Record<string, string>) {
  return http(`${at}/v1/tips`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${pk}`, Origin: ORIGIN, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
