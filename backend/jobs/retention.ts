// Retention of applications (AGG claim periods; data-protection authorities' guidance):
//   rejected  → deleted rejectedMonths (6) after the decision, talentPoolMonths (24) when the
//               applicant consented to the talent pool;
//   hired     → leaves the module hiredMonths (6) after the decision (the personnel file
//               takes over what is needed);
//   withdrawn → deleted at the next run.
// Deleted: the application, its events, its documents (uploads) and its mails. Each deletion
// leaves an audit entry naming the application's id, posting, status and rule — no personal data.
// `now` is injectable so tests can move the clock.
import type { Sql } from '../core/db.ts';
import { DEFAULT_JOBS_SETTINGS } from './schema.ts';

const months = (key: 'rejectedMonths' | 'talentPoolMonths' | 'hiredMonths') => `case
  when jsonb_typeof(n.settings -> 'jobs' -> '${key}') = 'number' then (n.settings -> 'jobs' ->> '${key}')::int
  else ${Number(DEFAULT_JOBS_SETTINGS[key])} end`;

export async function purgeJobApplications(sql: Sql, now: Date = new Date()): Promise<number> {
  return sql.begin(async (tx) => {
    // Runs across tenants as the system; each tenant's own settings decide.
    const due = await tx<{ tenant_id: string; id: string; posting_id: string; status: string; talent_pool: boolean; decided_at: Date; docs: string[] }[]>`
      select a.tenant_id, a.id, a.posting_id, a.status, a.talent_pool, a.decided_at,
             array(select d ->> 'id' from jsonb_array_elements(a.documents) d) as docs
      from job_applications a join tenants n on n.id = a.tenant_id
      where a.decided_at is not null and (
        a.status = 'withdrawn'
        or (a.status = 'rejected' and a.decided_at <= ${now}::timestamptz - make_interval(months => case when a.talent_pool
              then ${tx.unsafe(months('talentPoolMonths'))} else ${tx.unsafe(months('rejectedMonths'))} end))
        or (a.status = 'hired' and a.decided_at <= ${now}::timestamptz - make_interval(months => ${tx.unsafe(months('hiredMonths'))})))
      for update of a`;
    if (!due.length) return 0;
    const docs = due.flatMap((d) => d.docs.map((id) => ({ tenant_id: d.tenant_id, id })));
    if (docs.length) {
      await tx`delete from uploads u using jsonb_to_recordset(${tx.json(docs)}) as x(tenant_id uuid, id uuid)
               where u.tenant_id = x.tenant_id and u.id = x.id`;
    }
    await tx`delete from outbox where subject_ref = any(${due.map((d) => `jobapp:${d.id}`)})`;
    const keys = due.map((d) => ({ tenant_id: d.tenant_id, id: d.id }));
    await tx`delete from job_applications a using jsonb_to_recordset(${tx.json(keys)}) as x(tenant_id uuid, id uuid)
             where a.tenant_id = x.tenant_id and a.id = x.id`;
    const audit = due.map((d) => ({
      tenant_id: d.tenant_id,
      subject: `application:${d.id}`,
      details: {
        posting: d.posting_id,
        status: d.status,
        decided: new Date(d.decided_at).toISOString().slice(0, 10),
        documents: d.docs.length,
        rule: d.status === 'withdrawn' ? 'withdrawn' : d.status === 'hired' ? 'hiredMonths' : d.talent_pool ? 'talentPoolMonths' : 'rejectedMonths',
      },
    }));
    await tx`insert into audit_log (tenant_id, actor, actor_name, action, subject, details)
             select x.tenant_id, 'system', 'Aufbewahrungsfrist / retention', 'jobs.application.deleted', x.subject, x.details
             from jsonb_to_recordset(${tx.json(audit)}) as x(tenant_id uuid, subject text, details jsonb)`;
    return due.length;
  });
}
