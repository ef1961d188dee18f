// One data-access path: postgres.js, against a real PostgreSQL (DATABASE_URL) or an
// embedded PGlite in this process, spoken to over the same wire protocol through an in-process
// socket (PgliteWire). Everything above this file sees only `Sql`.
import postgres from 'postgres';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

export type Sql = postgres.Sql<Record<string, unknown>>;
export type Tx = postgres.TransactionSql<Record<string, unknown>>;

/**
 * The single row of a statement that always yields exactly one (`insert … returning`,
 * `select count(*)`, an upsert). Throws when there is none, which would be a bug here,
 * not a missing record: a record that may be missing is read as `const [row] = …` and checked.
 */
export function one<T>(rows: readonly T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error('expected one row, the statement returned none');
  return row;
}

export interface Database {
  sql: Sql;
  kind: 'postgres' | 'pglite';
  /**
   * The connection string other processes (CLI, tests) could use while this runs: the
   * PostgreSQL URL, or for PGlite the URL of its socket server when opened with `serve`
   * (else a `pglite:` name no other process can connect to).
   */
  url: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; default DATABASE_URL; null forces the embedded PGlite. */
  url?: string | null;
  /** PGlite data directory; `memory://` for a throw-away database. */
  dataDir?: string;
  /** Maximum pool size for a real PostgreSQL. */
  max?: number;
  /** PGlite only: also serve it over a TCP socket (pglite-socket) for another process. */
  serve?: boolean;
  /** Called with every statement's text before it is sent (tests count a request's statements). */
  onQuery?: (query: string) => void;
}

const common = {
  onnotice: () => {},
  // bigint counts come back as JS numbers: our counts stay far below 2^53.
  types: { bigint: postgres.BigInt },
  transform: { undefined: null },
  connection: { application_name: 'buergernah' },
} as const;

/** Opens the database named by the options or the environment (DATABASE_URL, BN_DATA_DIR). */
export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const url = opts.url === null ? undefined : (opts.url ?? process.env.DATABASE_URL);
  const onQuery = opts.onQuery;
  const debug = onQuery ? { debug: (_connection: number, query: string) => onQuery(query) } : {};
  if (url) {
    const sql = postgres(url, { ...common, ...debug, max: opts.max ?? 10, types: {} }) as unknown as Sql;
    return { sql, kind: 'postgres', url, close: () => sql.end({ timeout: 5 }) };
  }
  return openPglite(opts.dataDir ?? process.env.BN_DATA_DIR ?? './data', opts.serve ?? false, debug);
}

/**
 * The wire between postgres.js and an in-process PGlite: what postgres.js writes (whole
 * protocol messages, often several at once) goes to PGlite in one call, and its answer comes
 * back as the socket's data. pglite-socket over TCP cost two socket round trips and one
 * PGlite call per protocol message (five per statement); this is one call per write.
 * PGlite is one session: postgres.js holds one connection (max 1), and writes are handed
 * over strictly in order.
 */
export class PgliteWire extends EventEmitter {
  readyState: 'open' | 'closed' = 'open';
  #queue: Promise<void> = Promise.resolve();
  constructor(private readonly db: PGlite) {
    super();
  }
  write(chunk: Uint8Array, done?: (err?: Error) => void): boolean {
    // postgres.js may reuse its buffer once write() returns.
    const message = new Uint8Array(chunk);
    this.#queue = this.#queue.then(async () => {
      if (this.readyState !== 'open') return;
      try {
        await this.db.execProtocolRawStream(message, { onRawData: (data) => this.emit('data', Buffer.from(data)) });
        done?.();
      } catch (err) {
        done?.(err as Error);
        this.emit('error', err);
      }
    });
    return true;
  }
  /** postgres.js ends with a Terminate message: not passed on, PGlite's one session stays. */
  end(): void {
    this.destroy();
  }
  destroy(): void {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    void this.#queue.then(() => this.emit('close'));
  }
}

async function openPglite(dataDir: string, serve: boolean, debug: object): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  let release = () => {};
  let dir: string | undefined;
  if (!dataDir.startsWith('memory://')) {
    dir = path.resolve(dataDir);
    fs.mkdirSync(dir, { recursive: true });
    release = lockDir(dir);
  }
  try {
    const db = await PGlite.create(dir ? path.join(dir, 'pglite') : dataDir);
    if (serve) {
      // For another process only (e.g. a benchmark's server): then it is the one session.
      const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
      const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
      await server.start();
      const url = `postgres://postgres@${server.getServerConn()}/postgres`;
      const sql = postgres(url, { ...common, ...debug, max: 1, types: {} }) as unknown as Sql;
      return {
        sql,
        kind: 'pglite',
        url,
        async close() {
          await sql.end({ timeout: 5 });
          await server.stop();
          await db.close();
          release();
        },
      };
    }
    const sql = postgres({ ...common, ...debug, max: 1, types: {}, socket: () => new PgliteWire(db) } as never) as unknown as Sql;
    return {
      sql,
      kind: 'pglite',
      url: `pglite:${dir ?? dataDir}`,
      async close() {
        await sql.end({ timeout: 5 });
        await db.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** PGlite has no lock of its own; two processes on one directory would corrupt it. */
function lockDir(dir: string): () => void {
  const lock = path.join(dir, 'buergernah.lock');
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    const pid = Number(fs.readFileSync(lock, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`The embedded database in ${dir} is in use by process ${pid}. ` + `Stop it first, or set DATABASE_URL to share a PostgreSQL between processes.`);
    }
    fs.writeFileSync(lock, String(process.pid));
  }
  return () => fs.rmSync(lock, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
