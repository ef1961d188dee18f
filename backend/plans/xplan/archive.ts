// XPlanArchiv (.zip) reading with the ZIP-bomb and path checks done on the central
// directory BEFORE anything is inflated, and the real inflated bytes counted as they come
// (a lying header cannot get past the limits). Nothing is ever written to disk.
import yauzl from 'yauzl';
import { PlanImportError, type Deadline } from './errors.ts';
import type { ArchiveFile } from './types.ts';

export interface ArchiveLimits {
  maxEntries: number;
  maxUnpackedBytes: number;
  /** Largest allowed uncompressed/compressed ratio for an entry bigger than 1 MB. */
  maxRatio: number;
}

export function safeEntryName(name: string): boolean {
  if (!name || name.includes('\0') || name.includes('\\')) return false;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return false;
  return !name.split('/').some((seg) => seg === '..');
}

const traversal = (name: string) =>
  new PlanImportError(
    'ARCHIVE_PATH_TRAVERSAL',
    `Das Archiv enthält einen unzulässigen Dateinamen („${name.slice(0, 200)}“): absolute Pfade und „..“ sind nicht erlaubt. ` + `/ The archive contains an unsafe entry name (absolute path or "..").`,
    [{ path: name.slice(0, 200), message: 'unzulässiger Pfad / unsafe path' }],
  );

const tooLarge = (what: string) => new PlanImportError('ARCHIVE_TOO_LARGE', `Das Archiv ist zu groß: ${what}. Nichts wurde importiert. / The archive exceeds a limit: ${what}.`);

function open(bytes: Uint8Array): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // strictFileNames off: we check names ourselves and give a clerk-readable message.
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true }, (err, zip) => (err ? reject(err) : resolve(zip)));
  });
}

function mapYauzlError(err: unknown): PlanImportError {
  if (err instanceof PlanImportError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  const m = /(?:invalid relative path|absolute path): (.*)$/.exec(msg);
  if (m?.[1] !== undefined) return traversal(m[1]);
  return new PlanImportError('ARCHIVE_INVALID', `Das ZIP-Archiv ist beschädigt oder ungültig (${msg}). / The ZIP archive is invalid.`);
}

/** Lists and inflates every file entry, enforcing the limits. */
export async function readArchive(bytes: Uint8Array, limits: ArchiveLimits, deadline: Deadline): Promise<ArchiveFile[]> {
  let zip: yauzl.ZipFile;
  try {
    zip = await open(bytes);
  } catch (err) {
    throw mapYauzlError(err);
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw tooLarge(`${zip.entryCount} Einträge, höchstens ${limits.maxEntries} erlaubt`);
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        try {
          if (!safeEntryName(e.fileName)) throw traversal(e.fileName);
          if (!e.fileName.endsWith('/')) {
            declared += e.uncompressedSize;
            if (declared > limits.maxUnpackedBytes) throw tooLarge(`mehr als ${Math.round(limits.maxUnpackedBytes / 1e6)} MB entpackt`);
            if (e.uncompressedSize > 1_000_000 && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxRatio) {
              throw tooLarge(`„${e.fileName}“ ist verdächtig stark komprimiert (ZIP-Bombe?)`);
            }
            entries.push(e);
          }
          zip.readEntry();
        } catch (err) {
          reject(err);
        }
      });
      zip.on('end', () => resolve());
      zip.on('error', reject);
      zip.readEntry();
    });
    const files: ArchiveFile[] = [];
    let total = 0;
    for (const e of entries) {
      deadline.check();
      if (e.isEncrypted()) throw new PlanImportError('ARCHIVE_INVALID', `„${e.fileName}“ ist verschlüsselt. / Encrypted entries are not supported.`);
      const chunks: Buffer[] = [];
      await new Promise<void>((resolve, reject) => {
        zip.openReadStream(e, (err, stream) => {
          if (err) return reject(err);
          stream.on('data', (chunk: Buffer) => {
            total += chunk.length;
            if (total > limits.maxUnpackedBytes) {
              stream.destroy();
              reject(tooLarge(`mehr als ${Math.round(limits.maxUnpackedBytes / 1e6)} MB entpackt`));
              return;
            }
            chunks.push(chunk);
          });
          stream.on('end', () => resolve());
          stream.on('error', reject);
        });
      });
      files.push({ name: e.fileName, bytes: new Uint8Array(Buffer.concat(chunks)) });
    }
    return files;
  } catch (err) {
    throw mapYauzlError(err);
  } finally {
    zip.close();
  }
}
