-- Module: Kita-Anmeldung (kita). One registration per child with ranked wishes across the
-- whole community (a county and its towns), one open offer per child at a time.
--
-- Who owns which row, and so who sees it under row-level security (bn_app, bn.tenant_id):
--
--   kita_facilities    owned by the tenant that keeps the Kita (tenant_id). Every tenant of
--                      the same community READS them (families of the town pick Kitas of the
--                      county and of other towns); only the owner writes them.
--   kita_registrations owned by the tenant whose page the family registered on (tenant_id).
--                      A tenant whose Kita the child wishes may READ the registration too
--                      (the policy asks for such a wish, itself seen through RLS); only the
--                      owner writes it.
--   kita_wishes,       shared by exactly two tenants: the facility's (tenant_id) and the
--   kita_offers        registration's (registration_tenant_id). Either may read and write
--                      them, nobody else: the facility's staff make and withdraw offers, the
--                      family (through the registration's tenant) accepts, which withdraws the
--                      child's wishes in every other tenant of the community in the same
--                      transaction.
--   kita_drafts        owned by the tenant whose page the draft came from (bn_protect).
--   kita_counters      one per community and year, like tip_counters (0007).
--
-- Every row of these tables carries community_id (the community's root tenant), and every
-- policy requires it to be the community of bn.tenant_id: a row can neither be seen from nor
-- be written into another community, whatever the application sends.
--
-- One open offer per child, community-wide: the partial unique index kita_offers_one_open.
-- Unique indexes are checked against every row of the table, not only the rows RLS shows, so
-- a Kita that cannot see another tenant's open offer still cannot add a second one: two
-- concurrent offers for one child end with one row and one unique violation (→ 409 OFFER_OPEN).

-- The community (root tenant) of any tenant.
create or replace function bn_community_of(t uuid) returns uuid
  language sql stable
  as $$ select coalesce(parent_id, id) from tenants where id = t $$;

create table kita_counters (
  community_id uuid not null references tenants (id),
  year         integer not null,
  last         integer not null,
  primary key (community_id, year)
);
grant select, insert, update on kita_counters to bn_app;
alter table kita_counters enable row level security;
create policy community_counter on kita_counters to bn_app
  using (community_id = bn_current_community())
  with check (community_id = bn_current_community());

create table kita_facilities (
  tenant_id      uuid not null references tenants (id),
  id             uuid not null default gen_random_uuid(),
  community_id   uuid not null references tenants (id),
  name           text not null,
  provider       text not null,                          -- Träger
  address        text not null,
  lat            double precision,
  lng            double precision,
  age_groups     text[] not null check (age_groups <@ array['krippe', 'kindergarten', 'hort']::text[] and cardinality(age_groups) > 0),
  care_hours     integer[] not null,                     -- weekly hours offered, e.g. {25,35,45}
  opening_hours  text not null default '',
  concepts       text[] not null default '{}',
  languages      text[] not null default '{}',
  accessible     boolean not null default false,
  accessibility  text not null default '',
  photo          uuid,
  capacity       jsonb not null default '{}',            -- places per age group
  light          text not null default 'green' check (light in ('green', 'yellow', 'red')),
  email          text,
  active         boolean not null default true,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index kita_facilities_community on kita_facilities (community_id, tenant_id) where active;
alter table kita_facilities enable row level security;
create policy community_read on kita_facilities for select to bn_app
  using (community_id = bn_current_community());
create policy owner_write on kita_facilities for insert to bn_app
  with check (tenant_id = nullif(current_setting('bn.tenant_id', true), '')::uuid and community_id = bn_current_community());
create policy owner_update on kita_facilities for update to bn_app
  using (tenant_id = nullif(current_setting('bn.tenant_id', true), '')::uuid)
  with check (tenant_id = nullif(current_setting('bn.tenant_id', true), '')::uuid and community_id = bn_current_community());
create policy owner_delete on kita_facilities for delete to bn_app
  using (tenant_id = nullif(current_setting('bn.tenant_id', true), '')::uuid);
grant select, insert, update, delete on kita_facilities to bn_app;

create table kita_registrations (
  tenant_id        uuid not null references tenants (id),
  id               uuid not null default gen_random_uuid(),
  community_id     uuid not null references tenants (id),
  ref              text not null,
  token_hash       bytea not null,
  state            text not null default 'active' check (state in ('active', 'placed', 'withdrawn')),
  -- Personal data (null after retention): the child, the family, the facts the rules ask for.
  child_first_name text,
  child_last_name  text,
  birth_date       date,
  special_needs    text,                                 -- sensitive (Art. 9 GDPR): staff only
  guardians        jsonb,
  email            text,
  hardship_reason  text,
  -- What the statistics keep after retention (anonymous).
  birth_year       integer not null,
  expected         boolean not null default false,       -- registered before birth
  start_date       date not null,
  care_hours       integer not null,
  age_group        text not null check (age_group in ('krippe', 'kindergarten', 'hort')),
  residence        text,                                 -- slug of the community's town the family lives in; null: elsewhere
  both_working     boolean not null default false,
  hardship         boolean not null default false,
  siblings         uuid[] not null default '{}',         -- wished facilities a sibling attends
  lang             text not null default 'de',
  -- lower(first|last|birth date) digest: duplicates found without reading names.
  dup_key          text,
  placed_facility_id uuid,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  closed_at        timestamptz,
  personal_deleted_at timestamptz,
  primary key (tenant_id, id),
  unique (community_id, ref)
);
create unique index kita_registrations_token on kita_registrations (token_hash);
create index kita_registrations_dup on kita_registrations (community_id, dup_key) where dup_key is not null;
create index kita_registrations_closed on kita_registrations (closed_at) where closed_at is not null and personal_deleted_at is null;

create table kita_wishes (
  tenant_id              uuid not null references tenants (id),   -- the facility's tenant
  registration_id        uuid not null,
  facility_id            uuid not null,
  registration_tenant_id uuid not null references tenants (id),
  community_id           uuid not null references tenants (id),
  rank                   integer not null check (rank between 1 and 20),
  state                  text not null default 'waiting'
                         check (state in ('waiting', 'offered', 'accepted', 'declined', 'expired', 'withdrawn')),
  updated_at             timestamptz not null default now(),
  primary key (tenant_id, registration_id, facility_id),
  foreign key (tenant_id, facility_id) references kita_facilities (tenant_id, id),
  foreign key (registration_tenant_id, registration_id) references kita_registrations (tenant_id, id) on delete cascade
);
create index kita_wishes_registration on kita_wishes (registration_tenant_id, registration_id);
create index kita_wishes_facility on kita_wishes (tenant_id, facility_id, state);

create table kita_offers (
  tenant_id              uuid not null references tenants (id),   -- the facility's tenant
  id                     uuid not null default gen_random_uuid(),
  registration_id        uuid not null,
  facility_id            uuid not null,
  registration_tenant_id uuid not null references tenants (id),
  community_id           uuid not null references tenants (id),
  deadline               date not null,
  state                  text not null default 'open' check (state in ('open', 'accepted', 'declined', 'expired', 'withdrawn')),
  created_by             text not null,
  created_at             timestamptz not null default now(),
  decided_at             timestamptz,
  reminded_at            timestamptz,
  primary key (tenant_id, id),
  -- An offer is for a place the child wished.
  foreign key (tenant_id, registration_id, facility_id) references kita_wishes (tenant_id, registration_id, facility_id) on delete cascade,
  foreign key (registration_tenant_id, registration_id) references kita_registrations (tenant_id, id) on delete cascade
);
-- THE invariant: one open offer per child in the whole community.
create unique index kita_offers_one_open on kita_offers (community_id, registration_id) where state = 'open';
create unique index kita_offers_id on kita_offers (id);
create index kita_offers_registration on kita_offers (registration_tenant_id, registration_id);
create index kita_offers_due on kita_offers (deadline) where state = 'open';

-- Registrations: the owner writes; a tenant whose Kita is wished reads.
alter table kita_registrations enable row level security;
create policy owner_all on kita_registrations to bn_app
  using (tenant_id = nullif(current_setting('bn.tenant_id', true), '')::uuid)
  with check (tenant_id = nullif(current_setting('bn.tenant_id', true), '')::uuid and community_id = bn_current_community());
create policy wished_read on kita_registrations for select to bn_app
  using (community_id = bn_current_community() and exists (
    select 1 from kita_wishes w where w.registration_tenant_id = kita_registrations.tenant_id and w.registration_id = kita_registrations.id));
grant select, insert, update, delete on kita_registrations to bn_app;

-- Wishes and offers: the two tenants they join, within their community.
do $$
declare tbl text;
begin
  foreach tbl in array array['kita_wishes', 'kita_offers'] loop
    execute format('alter table %I enable row level security', tbl);
    execute format($p$create policy two_parties on %I to bn_app
      using (nullif(current_setting('bn.tenant_id', true), '')::uuid in (tenant_id, registration_tenant_id))
      with check (nullif(current_setting('bn.tenant_id', true), '')::uuid in (tenant_id, registration_tenant_id)
                  and community_id = bn_current_community())$p$, tbl);
    execute format('grant select, insert, update, delete on %I to bn_app', tbl);
  end loop;
end
$$;

create table kita_drafts (
  tenant_id   uuid not null references tenants (id),
  id          uuid not null default gen_random_uuid(),
  token_hash  bytea not null,
  email       text not null,
  data        jsonb not null,
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null,
  primary key (tenant_id, id)
);
create index kita_drafts_expires on kita_drafts (expires_at);
select bn_protect('kita_drafts');

-- What a Kita may know about a child beyond its own rows, as booleans only: whether the child
-- holds an open offer anywhere in the community, and how many registrations of the community
-- share its duplicate key. SECURITY DEFINER reads past RLS, limited to the caller's community.
create or replace function kita_open_offer_elsewhere(reg uuid) returns boolean
  language sql stable security definer set search_path = public
  as $$ select exists (select 1 from kita_offers o where o.registration_id = reg and o.state = 'open'
                        and o.community_id = bn_current_community()) $$;
create or replace function kita_duplicates(key text) returns integer
  language sql stable security definer set search_path = public
  as $$ select count(*)::int from kita_registrations r where r.dup_key = key
         and r.community_id = bn_current_community() and r.state <> 'withdrawn' $$;
revoke all on function kita_open_offer_elsewhere(uuid) from public;
revoke all on function kita_duplicates(text) from public;
grant execute on function kita_open_offer_elsewhere(uuid) to bn_app;
grant execute on function kita_duplicates(text) to bn_app;
