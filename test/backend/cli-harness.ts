// The CLI as the hosting office runs it: `backend/cli.js` in a child process, on a database of
// its own (a fresh PostgreSQL database when DATABASE_URL is set, else an empty embedded data
// directory), made before the file's tests and removed after them.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

export const root = path.resolve(import.meta.dirname, '..', '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Registers the file's before/after hooks for a CLI database and returns the runner. `env` is
 * the children's environment: DATABASE_URL or BN_DATA_DIR name the database, so a test can open
 * the same one in-process between commands.
 */
export function useCli(name: string) {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), NODE_ENV: 'test', LOG_LEVEL: 'silent' };
  let cleanup = async () => {};

  before(async () => {
    const base = process.env.DATABASE_URL;
    if (base) {
      const db = `bn_test_${name}_${randomBytes(4).toString('hex')}`;
      const admin = postgres(base, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${db}`);
      const url = new URL(base);
      url.pathname = `/${db}`;
      env.DATABASE_URL = url.toString();
      cleanup = async () => {
        await admin.unsafe(`drop database if exists ${db} with (force)`);
        await admin.end();
      };
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bn-${name}-`));
      env.BN_DATA_DIR = dir;
      delete env.DATABASE_URL;
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  after(() => cleanup());

  function cli(...args: string[]): Promise<CliResult> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(root, 'backend', 'cli.js'), ...args], { cwd: root, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
  }

  return { cli, env };
}

/** The one JSON object a `--json` command prints (exactly one line). */
export function json(r: { stdout: string }) {
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, `one JSON object: ${r.stdout}`);
  return JSON.parse(lines[0] ?? '');
}
