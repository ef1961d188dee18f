-- tip_counters behind the tenant wall. bn_app may count references (select, insert, update
-- since 0003), so it gets row-level security like every other table bn_app may write.
--
-- The counter row is not a tenant's: it belongs to a COMMUNITY (community_id = the root
-- tenant, coalesce(parent_id, id), as tips/store.ts nextRef computes it), so that a tip
-- routed or forwarded between a county and its towns keeps a reference unique within the
-- community. A policy on tenant_id would lock every town out of its community's counter.
-- The policy therefore compares the row with the community of the tenant in bn.tenant_id:
-- a county and its towns share their one counter; a tenant of another community sees no
-- row of it and can neither insert nor change one (with check). No tenant set → no row.
create or replace function bn_current_community() returns uuid
  language sql stable
  as $$
    select coalesce(t.parent_id, t.id) from tenants t
    where t.id = nullif(current_setting('bn.tenant_id', true), '')::uuid
  $$;

alter table tip_counters enable row level security;
drop policy if exists community_counter on tip_counters;
create policy community_counter on tip_counters to bn_app
  using (community_id = bn_current_community())
  with check (community_id = bn_current_community());
