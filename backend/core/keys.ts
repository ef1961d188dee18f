// API key format: prefix + 22 base62 characters (131 random bits) + 6 base62 characters of
// CRC32 over prefix and body. The checksum lets typos fail without a database lookup and
// lets secret scanners recognise leaked keys.
import { createHash, randomBytes } from 'node:crypto';

export type KeyKind = 'publishable' | 'staff' | 'admin';

export const KEY_PREFIX: Record<KeyKind, string> = {
  publishable: 'bn_pk_',
  staff: 'bn_sk_',
  admin: 'bn_ak_',
};

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 22;
const CHECK_LENGTH = 6;

function toBase62(n: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}

function randomBase62(length: number): string {
  // Rejection sampling keeps every character uniform.
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += ALPHABET[b % 62];
    }
  }
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(text: string): number {
  let c = 0xffffffff;
  for (const b of Buffer.from(text, 'utf8')) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8); // index < 256
  return (c ^ 0xffffffff) >>> 0;
}

export function generateKey(kind: KeyKind): string {
  const head = KEY_PREFIX[kind] + randomBase62(BODY_LENGTH);
  return head + toBase62(BigInt(crc32(head)), CHECK_LENGTH);
}

/** The kind of a well-formed key with a valid checksum, else null. */
export function parseKey(key: string): KeyKind | null {
  const m = /^bn_(pk|sk|ak)_([0-9A-Za-z]{22})([0-9A-Za-z]{6})$/.exec(key);
  if (!m) return null;
  const head = `bn_${m[1]}_${m[2]}`;
  if (toBase62(BigInt(crc32(head)), CHECK_LENGTH) !== m[3]) return null;
  return m[1] === 'pk' ? 'publishable' : m[1] === 'sk' ? 'staff' : 'admin';
}

export const hashKey = (key: string): Buffer => createHash('sha256').update(key).digest();

/** Shown in lists instead of the secret: prefix and the last four characters. */
export const keyHint = (key: string): string => `${key.slice(0, 6)}…${key.slice(-4)}`;

export const newId = (prefix: string): string => `${prefix}_${randomBase62(16)}`;
