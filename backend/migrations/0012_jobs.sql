-- Module: Stellenangebote und Bewerbungen (jobs). Every table is a tenant table behind
-- row-level security (bn_protect). Applications are among the most sensitive data we hold:
-- they are deleted by the retention job (backend/jobs/retention.ts), never kept by default.

create table job_postings (
  tenant_id        uuid not null references tenants (id),
  id               uuid not null default gen_random_uuid(),
  title            text not null,
  -- Rich text, sanitised by backend/jobs/sanitize.ts before it is stored.
  description_html text not null,
  department       text not null default '',
  pay_scheme       text not null default 'tvoed' check (pay_scheme in ('tvoed', 'besoldung', 'other')),
  pay_grade        text not null default '',
  employment_type  text not null default 'full_time' check (employment_type in ('full_time', 'part_time', 'full_or_part_time')),
  hours_per_week   numeric(4, 1),
  salary_min       numeric(10, 2),
  salary_max       numeric(10, 2),
  salary_unit      text not null default 'MONTH' check (salary_unit in ('HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR')),
  street           text not null default '',
  postal_code      text not null default '',
  locality         text not null,
  telecommute      boolean not null default false,
  contact_name     text not null default '',
  contact_email    text not null default '',
  contact_phone    text not null default '',
  -- Applications close at the end of this day in Europe/Berlin; null = open until unpublished.
  deadline         date,
  published        boolean not null default false,
  published_at     timestamptz,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index job_postings_public on job_postings (tenant_id, published, deadline);
select bn_protect('job_postings');

-- A county's page lists its towns' published postings where the town allows it
-- (settings.jobs.shareWithCounty). This second, read-only policy lets the county's scoped
-- transaction see exactly those rows; everything else stays behind tenant_isolation.
create policy community_read on job_postings for select to bn_app
  using (published and tenant_id in (
    select t.id from tenants t
    where t.parent_id = nullif(current_setting('bn.tenant_id', true), '')::uuid
      and 'jobs' = any(t.modules) and t.enabled
      and coalesce(t.settings -> 'jobs' ->> 'shareWithCounty', 'false') = 'true'));

-- Reference counters per tenant and year (BW-2026-00003).
create table job_counters (
  tenant_id uuid not null references tenants (id),
  year      integer not null,
  last      integer not null,
  primary key (tenant_id, year)
);
select bn_protect('job_counters');

create table job_applications (
  tenant_id        uuid not null references tenants (id),
  id               uuid not null default gen_random_uuid(),
  posting_id       uuid not null,
  ref              text not null,
  token_hash       bytea not null,
  first_name       text not null,
  last_name        text not null,
  email            text not null,
  phone            text not null default '',
  street           text not null default '',
  postal_code      text not null default '',
  locality         text not null default '',
  cover_letter     text not null,
  -- [{ id (uploads.id), name, size }]
  documents        jsonb not null default '[]',
  -- §2 SGB IX: 'severe' (schwerbehindert), 'equal' (gleichgestellt), 'none', 'undisclosed'.
  disability       text not null default 'undisclosed' check (disability in ('severe', 'equal', 'none', 'undisclosed')),
  talent_pool      boolean not null default false,
  lang             text not null default 'de',
  status           text not null default 'received'
                   check (status in ('received', 'in_review', 'invited', 'rejected', 'hired', 'withdrawn')),
  rating           smallint check (rating between 1 and 5),
  invited_at       timestamptz,
  -- §165 SGB IX: why a severely disabled applicant was rejected without an invitation.
  rejection_reason text,
  decided_at       timestamptz,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, ref),
  foreign key (tenant_id, posting_id) references job_postings (tenant_id, id)
);
create unique index job_applications_token on job_applications (token_hash);
create index job_applications_posting on job_applications (tenant_id, posting_id, created_at);
create index job_applications_decided on job_applications (decided_at) where decided_at is not null;
select bn_protect('job_applications');

-- Status changes, ratings, notes, letters: one row per event (internal, never public).
create table job_application_events (
  tenant_id      uuid not null references tenants (id),
  id             uuid not null default gen_random_uuid(),
  application_id uuid not null,
  at             timestamptz not null default clock_timestamp(),
  seq            bigint generated always as identity,
  actor          text not null,
  actor_name     text not null default '',
  type           text not null check (type in ('status', 'note', 'rating', 'letter')),
  status         text,
  text           text,
  primary key (tenant_id, id),
  foreign key (tenant_id, application_id) references job_applications (tenant_id, id) on delete cascade
);
create index job_application_events_app on job_application_events (tenant_id, application_id, seq);
select bn_protect('job_application_events');

create table job_letter_templates (
  tenant_id  uuid not null references tenants (id),
  id         uuid not null default gen_random_uuid(),
  kind       text not null check (kind in ('rejection', 'invitation', 'other')),
  name       text not null,
  subject    text not null,
  body       text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
select bn_protect('job_letter_templates');
