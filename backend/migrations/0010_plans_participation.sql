-- Plans: publishing, §3(2) BauGB participation periods and the statements made in them.

-- An imported plan is public only once staff publish it. Plans imported before this
-- migration were public already and stay so.
alter table plans add column published boolean not null default true;
alter table plans alter column published set default false;

-- Publication periods (Veröffentlichungsfristen). A changed draft gets a new period
-- (§4a(3) BauGB); statements stay with the period they were made in.
create table plan_periods (
  tenant_id         uuid not null,
  id                uuid not null default gen_random_uuid(),
  plan_id           uuid not null,
  seq               integer not null,          -- 1, 2, … per plan
  start_date        date not null,             -- calendar days in Europe/Berlin, both included
  end_date          date not null,
  plan_version      integer not null,          -- plans.version the period publishes
  web_address       text,                      -- for the announcement
  other_access      text,                      -- "one other easy access", e.g. a terminal in the town hall
  environmental     text[] not null default '{}', -- kinds of environmental information available
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, plan_id, seq),
  foreign key (tenant_id, plan_id) references plans (tenant_id, id) on delete cascade,
  check (end_date >= start_date)
);
select bn_protect('plan_periods');

-- Periods staff set before this migration (plans.participation_start/end) become period 1.
insert into plan_periods (tenant_id, plan_id, seq, start_date, end_date, plan_version)
select tenant_id, id, 1, participation_start, participation_end, version from plans
where participation_start is not null and participation_end is not null;

create table plan_statements (
  tenant_id         uuid not null,
  id                uuid not null default gen_random_uuid(),
  plan_id           uuid not null,
  period_id         uuid not null,
  ref               text not null,             -- what the submitter quotes, e.g. ST-7K3M-9QXP
  text              text not null,             -- plain text, never rendered as HTML
  lat               double precision,
  lng               double precision,
  place             text,                      -- the place in words
  outside_area      boolean not null default false,
  attachments       uuid[] not null default '{}',
  name              text,                      -- null: anonymous
  email             text,
  address           text,
  no_other_persons  boolean not null default false,
  channel           text not null check (channel in ('online', 'paper', 'email', 'letter', 'minutes')),
  late              boolean not null default false,
  received_on       date not null,             -- Europe/Berlin calendar day of receipt
  tags              text[] not null default '{}',
  proposal          text,                      -- Abwägungsvorschlag
  decision          text check (decision in ('followed', 'partly', 'not-followed', 'noted')),
  decision_note     text,
  notified_at       timestamptz,
  lang              text not null default 'de',
  ip_hash           text,
  created_by        text,                      -- staff actor for late/paper entries
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, ref),
  foreign key (tenant_id, plan_id) references plans (tenant_id, id) on delete cascade,
  foreign key (tenant_id, period_id) references plan_periods (tenant_id, id) on delete cascade
);
create index plan_statements_plan on plan_statements (tenant_id, plan_id, period_id, created_at);
select bn_protect('plan_statements');
