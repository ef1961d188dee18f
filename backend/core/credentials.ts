// Secrets a person holds: the password (argon2id, checked against the most common passwords)
// and the TOTP second factor (RFC 6238, each code accepted once).
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { Secret, TOTP } from 'otpauth';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './accounts-schema.ts';

/** The length rule lives in the shared schema (the consoles check it too). */
const PASSWORD_MIN = PASSWORD_MIN_LENGTH;
const PASSWORD_MAX = PASSWORD_MAX_LENGTH;

/** argon2id with the library's defaults (m = 19 MiB, t = 2, p = 1: OWASP's first choice). */
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Same cost as a real check, so an unknown e-mail answers as slowly as a wrong password.
    await verify(await DUMMY, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
const DUMMY = hash('not a password anyone holds: ' + Math.random());

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  // 49k passwords from leaks, most frequent first (zxcvbn-ts' list).
  common ??= new Set(dictionary['passwords-common'] as string[]);
  return common;
}

/**
 * Why a password is refused, or null. No composition rules (NIST SP 800-63B): length, and not
 * one of the most common passwords, not the same character over and over, not the e-mail.
 */
export function passwordProblem(password: string, email = ''): string | null {
  if ([...password].length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  const lower = password.toLowerCase();
  const list = commonPasswords();
  // Common passwords padded with digits or symbols to reach the length ("password12345!").
  const core = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  if (list.has(lower) || (core.length >= 4 && list.has(core)) || /^(.)\1+$/u.test(lower) || /^(?:0123456789|1234567890|9876543210)+/.test(lower)) {
    return 'This password is among the most common ones; choose another.';
  }
  const local = email.toLowerCase().split('@')[0] ?? '';
  if (local.length >= 4 && lower.includes(local)) return 'The password must not contain your e-mail address.';
  return null;
}

export const TOTP_PERIOD = 30;

function totp(secret: string, label = '', issuer = 'Bürgernah') {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD, secret: Secret.fromBase32(secret) });
}

export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

export const totpUri = (secret: string, label: string, issuer: string): string => totp(secret, label, issuer).toString();

/**
 * The time step of a valid code (one step of clock drift either way), or null. The caller
 * stores the step and refuses any step not after it: a code works once.
 */
export function totpStep(secret: string, code: string, now: number): number | null {
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return null;
  const delta = totp(secret).validate({ token: clean, timestamp: now, window: 1 });
  if (delta === null) return null;
  return Math.floor(now / 1000 / TOTP_PERIOD) + delta;
}

/** The current code (tests and the demo's printed hints only). */
export const totpCode = (secret: string, now: number): string => totp(secret).generate({ timestamp: now });
