-- Bürgertipps: the inbox filters a person saves for themselves ("mir zugewiesen, älter als
-- 7 Tage"). Owned by the person (`user:<uuid>`) or the staff key that saved them; the query is
-- the inbox's query strings, validated by the API (backend/tips/schema.ts SavedFilterCreate).
create table tip_filters (
  tenant_id  uuid not null references tenants (id),
  id         uuid not null default gen_random_uuid(),
  owner      text not null,
  name       text not null,
  query      jsonb not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, owner, name)
);
select bn_protect('tip_filters');

-- The audit log is filtered by person, action and date (GET /v1/staff/audit).
create index if not exists audit_log_actor on audit_log (tenant_id, actor, at desc);
