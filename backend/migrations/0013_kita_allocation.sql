-- Kita: who allocates (tenant setting kita.allocation) needs to know who a Kita's own staff
-- are. `staff` lists the accounts (users.id) of the Kita's staff. An account listed at one or
-- more Kitas sees and acts for those Kitas only; an account listed nowhere is the office
-- (youth office, Träger administration) and sees the tenant's every Kita. Whether a Kita's
-- staff or only the office may make offers is the tenant's choice (backend/kita/scope.ts).
-- An array, not a join table: a handful of ids per Kita, read with the facility, written only
-- through the facility; a deleted account is dropped from it by the application on read.
alter table kita_facilities add column staff uuid[] not null default '{}';
create index kita_facilities_staff on kita_facilities using gin (staff);
