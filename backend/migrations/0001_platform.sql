-- Platform: tenants, keys, and the shared machinery (rate limits, idempotency, replay store).

-- The role every tenant-scoped transaction switches to (SET LOCAL ROLE). It owns nothing
-- and is no superuser, so row-level security applies to it.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'bn_app') then
    create role bn_app nologin;
  end if;
end
$$;
grant usage on schema public to bn_app;

-- One place for the tenant wall: RLS on, a policy keyed on the per-transaction setting
-- bn.tenant_id, and the grants bn_app needs. Every tenant table calls this.
create or replace function bn_protect(tbl regclass) returns void language plpgsql as $$
begin
  execute format('alter table %s enable row level security', tbl);
  execute format('drop policy if exists tenant_isolation on %s', tbl);
  execute format(
    'create policy tenant_isolation on %s to bn_app
       using (tenant_id = nullif(current_setting(''bn.tenant_id'', true), '''')::uuid)
       with check (tenant_id = nullif(current_setting(''bn.tenant_id'', true), '''')::uuid)', tbl);
  execute format('grant select, insert, update, delete on %s to bn_app', tbl);
end
$$;

create table tenants (
  id                uuid primary key default gen_random_uuid(),
  slug              text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$'),
  name              text not null,
  parent_id         uuid references tenants (id),
  origins           text[] not null default '{}',
  modules           text[] not null default '{tips,kita,jobs,plans}',
  languages         text[] not null default '{de,en}',
  theme             jsonb not null default '{}',
  map               jsonb not null default '{}',
  privacy_url       text,
  accessibility_url text,
  contact_email     text,
  settings          jsonb not null default '{}',
  enabled           boolean not null default true,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now()
);
-- bn_app reads tenants (its own row, parents and children for community routing).
grant select on tenants to bn_app;

create table api_keys (
  id           text primary key,
  tenant_id    uuid references tenants (id),
  kind         text not null check (kind in ('publishable', 'staff', 'admin')),
  label        text not null default '',
  hint         text not null,            -- prefix and last 4 characters, for lists
  hash         bytea not null unique,    -- SHA-256 of the whole key
  publishable  text,                     -- publishable keys are public: kept for the snippet
  created_at   timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at   timestamptz,              -- set when rotated: end of the grace period
  revoked_at   timestamptz,
  replaced_by  text references api_keys (id),
  check ((kind = 'admin') = (tenant_id is null)),
  check ((kind = 'publishable') = (publishable is not null))
);
create index api_keys_tenant on api_keys (tenant_id);

-- Tenant audit trail: who changed what. Also the platform's first RLS-protected table.
create table audit_log (
  tenant_id  uuid not null references tenants (id),
  id         uuid not null default gen_random_uuid(),
  at         timestamptz not null default now(),
  actor      text not null,              -- key id (never the key), or 'cli'
  action     text not null,
  subject    text,
  details    jsonb not null default '{}',
  primary key (tenant_id, id)
);
create index audit_log_at on audit_log (tenant_id, at desc);
select bn_protect('audit_log');

-- Fixed-window counters shared by every server process.
create table rate_limits (
  bucket     text primary key,
  count      integer not null,
  reset_at   timestamptz not null
);
create index rate_limits_reset on rate_limits (reset_at);

-- Idempotency-Key records (IETF draft): scope is the key id + method + path.
create table idempotency_keys (
  scope        text not null,
  key          text not null,
  fingerprint  text not null,            -- SHA-256 of the request body
  status       integer,                  -- null while the first request runs
  headers      jsonb,
  body         text,
  created_at   timestamptz not null default now(),
  primary key (scope, key)
);
create index idempotency_keys_created on idempotency_keys (created_at);

-- ALTCHA solutions already accepted (each is accepted once).
create table altcha_used (
  signature  text primary key,
  expires_at timestamptz not null
);
create index altcha_used_expires on altcha_used (expires_at);

-- Server-wide settings shared by every process (e.g. the ALTCHA HMAC secret).
create table bn_settings (
  name  text primary key,
  value text not null
);
