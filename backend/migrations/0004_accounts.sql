-- Staff accounts: people sign in (password + TOTP, or OpenID Connect), hold roles, and have
-- sessions kept here so every replica sees a sign-out at once.
--
-- These are platform tables like api_keys: sign-in has to find a person before any tenant is
-- known, so they are read by the server's own role, never by bn_app, and every query is
-- filtered by tenant in backend/core/accounts.ts (one place).

create table users (
  id              uuid primary key default gen_random_uuid(),
  tenant_id       uuid references tenants (id),   -- null: a hosting-office user
  email           text not null,                  -- stored lower-case; one account per address
  name            text not null default '',
  roles           text[] not null default '{}',
  enabled         boolean not null default true,
  password_hash   text,                           -- argon2id; null until the invitation is accepted
  totp_secret     text,                           -- base32, set once enrolment is confirmed
  totp_pending    text,                           -- base32 offered during enrolment
  totp_last_step  bigint,                         -- last accepted TOTP time step (no replay)
  oidc_issuer     text,
  oidc_subject    text,
  last_login_at   timestamptz,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  check (email = lower(email)),
  -- host-admin belongs to the hosting office only, and the hosting office holds nothing else
  check ((tenant_id is null) = ('host-admin' = any (roles))),
  check (tenant_id is not null or roles <@ array['host-admin']::text[])
);
create unique index users_email on users (email);
create unique index users_oidc on users (oidc_issuer, oidc_subject) where oidc_subject is not null;
create index users_tenant on users (tenant_id);

-- Sessions: the cookie holds a random id; only its SHA-256 is stored.
create table sessions (
  id_hash       bytea primary key,
  user_id       uuid not null references users (id) on delete cascade,
  via           text not null check (via in ('password', 'oidc')),
  -- 'enroll': signed in, but a required second factor is not set up yet; only enrolment works.
  stage         text not null default 'full' check (stage in ('full', 'enroll')),
  created_at    timestamptz not null default now(),
  last_seen_at  timestamptz not null default now(),
  expires_at    timestamptz not null
);
create index sessions_user on sessions (user_id);
create index sessions_expires on sessions (expires_at);

-- One-time links: invitation and password reset. Only the SHA-256 of the token is stored.
create table user_tokens (
  hash        bytea primary key,
  user_id     uuid not null references users (id) on delete cascade,
  purpose     text not null check (purpose in ('invite', 'reset')),
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null,
  used_at     timestamptz
);
create index user_tokens_user on user_tokens (user_id);

-- OpenID Connect: state, nonce and PKCE verifier between the redirect and the callback.
create table oidc_flows (
  state       text primary key,
  nonce       text not null,
  verifier    text not null,
  return_to   text not null,
  expires_at  timestamptz not null
);

-- Staff keys carry roles too; null keeps every module role of the tenant (as before).
alter table api_keys add column roles text[];

-- The audit names the person: the actor's display name at the time of the action.
alter table audit_log add column actor_name text;
