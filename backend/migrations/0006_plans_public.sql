-- Plans: the public representation is computed once (at import and on each edit), not on
-- every read, and lists carry a simplified outline instead of no shape or the full one.
-- Rows imported before this migration get both lazily, on their first read (see store.ts):
-- the outline and the JSON are built by the same TypeScript as at import.

-- Geltungsbereich simplified (Douglas–Peucker, ~5 m tolerance, WGS84 GeoJSON geometry).
alter table plans add column outline jsonb;

-- The bytes GET /v1/plans/{id} sends, in each encoding, with a strong ETag of the JSON.
create table plan_public (
  tenant_id   uuid not null,
  plan_id     uuid not null,
  etag        text not null,                  -- quoted strong ETag: sha-256 of `body`
  -- First day (Europe/Berlin) on which the JSON changes by itself (participation.open);
  -- a read from that day on builds it again. Null: it never changes by itself.
  valid_until date,
  body        bytea not null,                 -- application/json, UTF-8
  body_gzip   bytea not null,
  body_br     bytea not null,
  built_at    timestamptz not null default now(),
  primary key (tenant_id, plan_id),
  foreign key (tenant_id, plan_id) references plans (tenant_id, id) on delete cascade
);
select bn_protect('plan_public');
