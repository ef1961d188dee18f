/**
 * Shared test helpers: a quiet-console guard (tests fail on unexpected console
 * errors or warnings), an axe-core check, and a fake fetch for the API client.
 */
import type { AxeResults, RunOptions } from 'axe-core';
// axe-core is a UMD script: imported as a module it registers window.axe.
import 'axe-core/axe.min.js';

declare global {
  interface Window {
    axe: { run(context: Element, options: RunOptions): Promise<AxeResults> };
  }
}

type Level = 'error' | 'warn';
const expected: { level: Level; pattern: RegExp; seen: boolean }[] = [];
const unexpected: string[] = [];
const originals = { error: console.error, warn: console.warn };

/** Call once at the top of a test file. */
export function guardConsole(): void {
  beforeEach(() => {
    expected.length = 0;
    unexpected.length = 0;
    for (const level of ['error', 'warn'] as const) {
      console[level] = (...args: unknown[]) => {
        const text = args.map(String).join(' ');
        const hit = expected.find((e) => e.level === level && e.pattern.test(text));
        if (hit) hit.seen = true;
        else unexpected.push(`console.${level}: ${text}`);
      };
    }
  });
  afterEach(() => {
    console.error = originals.error;
    console.warn = originals.warn;
    if (unexpected.length) throw new Error(`Console noise:\n${unexpected.join('\n')}`);
    const missing = expected.filter((e) => !e.seen);
    if (missing.length) throw new Error(`Expected console output missing: ${missing.map((m) => m.pattern).join(', ')}`);
  });
}

/** Declares a console message the current test must produce. */
export function expectConsole(level: Level, pattern: RegExp): void {
  expected.push({ level, pattern, seen: false });
}

/** Runs axe-core on an element (its shadow roots included) and throws on violations. */
export async function expectAccessible(el: Element): Promise<void> {
  const result = await window.axe.run(el, {
    rules: { region: { enabled: false } },
    resultTypes: ['violations'],
  });
  if (result.violations.length) {
    const text = result.violations.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
    throw new Error(`axe violations:\n${text}`);
  }
}

export interface FakeCall {
  url: URL;
  init: RequestInit;
}

type Responder = (call: FakeCall) => Response | Promise<Response>;

/** A fetch that answers from a list of responders (one per call, last one repeats). */
export function fakeFetch(...responders: Responder[]): typeof fetch & { calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  const fn = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call = { url: new URL(String(input)), init };
    calls.push(call);
    const r = responders[Math.min(calls.length - 1, responders.length - 1)];
    if (!r) throw new Error('fakeFetch needs at least one responder');
    init.signal?.throwIfAborted();
    return r(call);
  }) as typeof fetch & { calls: FakeCall[] };
  fn.calls = calls;
  return fn;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function problem(status: number, code: string, extra: Record<string, unknown> = {}): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: code, status, detail: `${code} detail`, code, requestId: 'req-1', ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...((extra.headers as Record<string, string>) ?? {}) },
  });
}

export const sampleConfig = {
  tenant: { id: '00000000-0000-4000-8000-000000000001', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', parent: null },
  modules: ['tips'],
  languages: ['de', 'en'],
  theme: { '--bn-color-primary': 'rgb(0, 100, 0)' },
  map: { tileUrl: 'https://tiles.example/{z}/{x}/{y}.png', attribution: '© OSM', center: [51, 10], zoom: 12 },
  privacyUrl: 'https://beispielstadt.example/datenschutz',
  accessibilityUrl: 'https://beispielstadt.example/barrierefreiheit',
  contactEmail: 'rathaus@beispielstadt.example',
};
