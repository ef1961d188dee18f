-- Bauleitplanung: development plans imported from XPlanGML, their history and documents.

create table plans (
  tenant_id           uuid not null references tenants (id),
  id                  uuid not null default gen_random_uuid(),
  kind                text not null check (kind in ('BP', 'FP')),
  gml_id              text not null,          -- gml:id of the BP_Plan/FP_Plan: re-imports match on it …
  nummer              text,                   -- … or on the plan number
  name                text not null,
  -- What a clerk edits; the import never overwrites these.
  title               text,
  summary             text,
  participation_start date,
  participation_end   date,
  rechtsstand         text,                   -- code (labels live in metadata)
  stage               text not null,          -- coarse stage for filters, derived from rechtsstand
  xplan_version       text not null,
  metadata            jsonb not null,         -- everything read from the file except the geometries
  geltungsbereich     jsonb not null,         -- GeoJSON Feature, WGS84
  contents            jsonb not null,         -- GeoJSON FeatureCollection with a legend, WGS84
  bbox                double precision[] not null,
  area_m2             double precision not null,
  feature_count       integer not null,
  version             integer not null default 1,
  source_name         text,
  imported_at         timestamptz not null default now(),
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, gml_id),
  check (participation_end is null or participation_start is null or participation_end >= participation_start)
);
create index plans_nummer on plans (tenant_id, kind, nummer);
create index plans_updated on plans (tenant_id, updated_at desc);
select bn_protect('plans');

-- Each re-import moves the replaced state here: a plan's history of versions.
create table plan_versions (
  tenant_id       uuid not null,
  plan_id         uuid not null,
  version         integer not null,
  gml_id          text not null,
  name            text not null,
  rechtsstand     text,
  xplan_version   text not null,
  metadata        jsonb not null,
  geltungsbereich jsonb not null,
  contents        jsonb not null,
  source_name     text,
  imported_at     timestamptz not null,
  replaced_at     timestamptz not null default now(),
  primary key (tenant_id, plan_id, version),
  foreign key (tenant_id, plan_id) references plans (tenant_id, id) on delete cascade
);
select bn_protect('plan_versions');

-- Documents and raster images that came inside an XPlanArchiv.
create table plan_files (
  tenant_id   uuid not null,
  id          uuid not null default gen_random_uuid(),
  plan_id     uuid not null,
  name        text not null,                  -- archive entry name (checked: no absolute path, no "..")
  media_type  text not null,
  size        integer not null,
  sha256      text not null,
  content     bytea not null,
  created_at  timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, plan_id) references plans (tenant_id, id) on delete cascade
);
create index plan_files_plan on plan_files (tenant_id, plan_id);
select bn_protect('plan_files');
