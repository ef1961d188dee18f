// One data-access path: postgres.js, against a real PostgreSQL (DATABASE_URL) or an
// embedded PGlite served over pglite-socket. Everything above this file sees only `Sql`.
import postgres from 'postgres';
import fs from 'node:fs';
import path from 'node:path';

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
  /** The connection string other processes (CLI, tests) could use while this runs. */
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
  if (url) {
    const sql = postgres(url, { ...common, max: opts.max ?? 10, types: {} }) as unknown as Sql;
    return { sql, kind: 'postgres', url, close: () => sql.end({ timeout: 5 }) };
  }
  return openPglite(opts.dataDir ?? process.env.BN_DATA_DIR ?? './data');
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  let release = () => {};
  let dir: string | undefined;
  if (!dataDir.startsWith('memory://')) {
    dir = path.resolve(dataDir);
    fs.mkdirSync(dir, { recursive: true });
    release = lockDir(dir);
  }
  try {
    const db = await PGlite.create(dir ? path.join(dir, 'pglite') : dataDir);
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
    await server.start();
    const url = `postgres://postgres@${server.getServerConn()}/postgres`;
    // pglite-socket serves one session: one connection, always.
    const sql = postgres(url, { ...common, max: 1, types: {} }) as unknown as Sql;
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
