-- Core: uploads and the e-mail outbox. Module: Bürgertipps (tips).

-- Uploaded files (core service, module-agnostic). Bytes live in PostgreSQL for now; the
-- interface in backend/core/uploads.ts could move them to object storage.
create table uploads (
  tenant_id    uuid not null references tenants (id),
  id           uuid not null default gen_random_uuid(),
  content_type text not null,
  size         integer not null,
  width        integer,
  height       integer,
  bytes        bytea not null,
  created_at   timestamptz not null default now(),
  -- Unclaimed uploads expire; a module claims them (expires_at = null) when it references them.
  expires_at   timestamptz default now() + interval '24 hours',
  primary key (tenant_id, id)
);
create index uploads_expires on uploads (expires_at) where expires_at is not null;
select bn_protect('uploads');

-- Transactional outbox: written in the same transaction as what caused the mail, sent by a
-- worker, retried with backoff, never dropped.
create table outbox (
  tenant_id       uuid not null references tenants (id),
  id              uuid not null default gen_random_uuid(),
  created_at      timestamptz not null default now(),
  to_addr         text not null,
  subject         text not null,
  body_text       text not null,
  -- What the mail is about (e.g. a tip id), so retention can find it.
  subject_ref     text,
  attempts        integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  sent_at         timestamptz,
  last_error      text,
  primary key (tenant_id, id)
);
create index outbox_due on outbox (next_attempt_at) where sent_at is null;
select bn_protect('outbox');

-- Reference counters per community and year (BT-2026-00042). Keyed by the community root
-- so a tip forwarded between a county and its towns keeps a reference unique in the community.
-- Holds only numbers: no RLS, bn_app may count.
create table tip_counters (
  community_id uuid not null references tenants (id),
  year         integer not null,
  last         integer not null,
  primary key (community_id, year)
);
grant select, insert, update on tip_counters to bn_app;

create table tips (
  tenant_id         uuid not null references tenants (id),
  id                uuid not null default gen_random_uuid(),
  ref               text not null,
  token_hash        bytea not null,
  kind              text not null check (kind in ('idee', 'beschwerde', 'schaden')),
  category          text not null,
  description       text not null,
  lat               double precision,
  lng               double precision,
  address           text,
  photos            uuid[] not null default '{}',
  answers           jsonb not null default '{}',
  contact_name      text,
  contact_email     text,
  notify            boolean not null default false,
  lang              text not null default 'de',
  ip_hash           text,
  status            text not null default 'new'
                    check (status in ('new', 'acknowledged', 'in_progress', 'resolved', 'rejected')),
  public_answer     text,
  published         boolean not null default false,
  assignee          text,
  support_count     integer not null default 0,
  source            text not null default 'web' check (source in ('web', 'open311')),
  origin_tenant_id  uuid references tenants (id),
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  closed_at         timestamptz,
  personal_deleted_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, ref)
);
-- The tracking token is a secret: only its hash is stored; it finds the tip across a forward.
create unique index tips_token on tips (token_hash);
create index tips_inbox on tips (tenant_id, created_at desc);
create index tips_public on tips (tenant_id, published, created_at desc);
create index tips_geo on tips (tenant_id, lat, lng) where published and lat is not null;
create index tips_closed on tips (closed_at) where closed_at is not null and personal_deleted_at is null;
select bn_protect('tips');

-- Status history, public answers, internal notes, forwards: one row per event.
create table tip_events (
  tenant_id  uuid not null references tenants (id),
  id         uuid not null default gen_random_uuid(),
  tip_id     uuid not null,
  at         timestamptz not null default clock_timestamp(),
  -- Events of one transaction can share a timestamp: seq keeps their order.
  seq        bigint generated always as identity,
  actor      text not null,             -- staff key id, 'citizen' or 'system'
  type       text not null,
  status     text,
  text       text,
  public     boolean not null default false,
  primary key (tenant_id, id),
  foreign key (tenant_id, tip_id) references tips (tenant_id, id) on update cascade on delete cascade
);
create index tip_events_tip on tip_events (tenant_id, tip_id, at);
select bn_protect('tip_events');
