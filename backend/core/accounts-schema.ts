// Staff accounts: request and response shapes, shared by the API, the CLI and the consoles.
// Pure valibot, no server imports. The contract of the routes is in accounts-routes.ts.
import * as v from 'valibot';
import { OptionalText } from './schema.ts';
import { RoleList, type Role } from './roles.ts';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export const Email = v.pipe(
  v.string('Enter an e-mail address.'),
  v.trim(),
  v.toLowerCase(),
  v.nonEmpty('Enter an e-mail address.'),
  v.maxLength(254, 'At most 254 characters.'),
  v.email('Enter a valid e-mail address, e.g. name@beispielstadt.de.'),
);

const Name = OptionalText(200);

/** Length only here; the server also refuses the most common passwords (credentials.ts). */
export const NewPassword = v.pipe(
  v.string('Enter a password.'),
  v.check((s) => [...s].length >= PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`),
  v.maxLength(PASSWORD_MAX_LENGTH, `At most ${PASSWORD_MAX_LENGTH} characters.`),
);

const Token = v.pipe(v.string(), v.regex(/^[0-9A-Za-z_-]{20,100}$/, 'This link is incomplete.'));
const Code = v.pipe(v.string(), v.trim(), v.regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app.'));

export const LoginBody = v.object({
  email: Email,
  password: v.pipe(v.string('Enter your password.'), v.nonEmpty('Enter your password.'), v.maxLength(256, 'At most 256 characters.')),
  totp: v.optional(Code),
});
export type LoginBody = v.InferOutput<typeof LoginBody>;

export const TokenBody = v.object({ token: Token });
/** `totp` is needed when the account has a second factor: a mailbox alone must not open it. */
export const PasswordBody = v.object({ token: Token, password: NewPassword, totp: v.optional(Code) });
export const ResetBody = v.object({ email: Email });
export const TotpConfirmBody = v.object({ code: Code });

export const UserInvite = v.object({
  email: Email,
  name: v.pipe(Name, v.nonEmpty('Enter the name.')),
  /** At least one: an account without roles could only sign in to an empty console. */
  roles: v.pipe(RoleList, v.minLength(1, 'Choose at least one role.')),
  /** Admin API only: the tenant's slug, or null for a hosting-office user. */
  tenant: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,48}$/, 'Not a tenant slug.')))),
});
export type UserInvite = v.InferOutput<typeof UserInvite>;

export const UserUpdate = v.object({
  name: v.optional(v.pipe(Name, v.nonEmpty('Enter the name.'))),
  roles: v.optional(RoleList),
  enabled: v.optional(v.boolean()),
});
export type UserUpdate = v.InferOutput<typeof UserUpdate>;

export const UserId = v.object({ id: v.pipe(v.string(), v.uuid('Not a user id.')) });

export interface UserJson {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  enabled: boolean;
  totpEnabled: boolean;
  hasPassword: boolean;
  /** The tenant's slug; null for a hosting-office user. */
  tenant: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Me {
  user: { id: string; email: string; name: string; roles: Role[]; totpEnabled: boolean; tenant: null | { id: string; slug: string; name: string } };
  tenant: null | {
    id: string;
    slug: string;
    name: string;
    modules: string[];
    languages: string[];
    parent: null | { slug: string; name: string };
  };
  host: boolean;
  /** The session may only set up its second factor until this is false. */
  mustEnrollTotp: boolean;
  via: 'password' | 'oidc';
}

/** GET /v1/auth/providers */
export interface Providers {
  local: boolean;
  oidc: null | { name: string; startUrl: string };
}

/** POST /v1/auth/token: what an invitation or reset link is for. */
export interface TokenInfo {
  purpose: 'invite' | 'reset';
  email: string;
  name: string;
  tenant: null | { slug: string; name: string };
  totpRequired: boolean;
  /** The account has a second factor: setting the password needs its code too. */
  totpEnabled: boolean;
}

/** POST /v1/auth/totp/setup */
export interface TotpSetup {
  secret: string;
  uri: string;
}
