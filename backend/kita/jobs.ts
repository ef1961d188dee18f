// Kita housekeeping (backend/app.ts housekeepingJobs), each idempotent so replicas may run it
// together:
//   kitaOffers     open offers past their deadline expire (the next child can be offered the
//                  place); a reminder goes out two days before a deadline, once.
//   kitaRetention  personal data of registrations placed or withdrawn longer ago than the
//                  registration tenant's retentionDays (default 183) is deleted, with their
//                  mails; what the statistics count stays (birth year, age group, hours,
//                  town, state). Expired drafts are deleted.
import type { Sql } from '../core/db.ts';
import { outboxInsert } from '../core/mail.ts';
import { reminderMail } from './mails.ts';
import { addDays, berlinToday } from '../core/time.ts';
import { DEFAULT_KITA_SETTINGS } from './schema.ts';
import { asDay } from './store.ts';

export async function expireOffers(sql: Sql, now = new Date()): Promise<number> {
  const today = berlinToday(now);
  return sql.begin(async (tx) => {
    const expired = await tx<{ tenant_id: string; registration_id: string; facility_id: string }[]>`
      update kita_offers set state = 'expired', decided_at = now()
      where state = 'open' and deadline < ${today}
      returning tenant_id, registration_id, facility_id`;
    for (const o of expired) {
      await tx`update kita_wishes set state = 'expired', updated_at = now()
               where tenant_id = ${o.tenant_id} and registration_id = ${o.registration_id} and facility_id = ${o.facility_id} and state = 'offered'`;
    }
    const due = await tx<{ tenant_id: string; id: string; deadline: Date; registration_id: string; ref: string; email: string | null; facility: string; tenant_name: string }[]>`
      update kita_offers o set reminded_at = now()
      from kita_registrations r, kita_facilities f, tenants t
      where o.state = 'open' and o.reminded_at is null and o.deadline <= ${addDays(today, 2)}
        and r.tenant_id = o.registration_tenant_id and r.id = o.registration_id
        and f.tenant_id = o.tenant_id and f.id = o.facility_id and t.id = o.tenant_id
      returning o.tenant_id, o.id, o.deadline, o.registration_id, r.ref, r.email, f.name as facility, t.name as tenant_name`;
    for (const d of due) {
      if (!d.email) continue;
      await tx`${outboxInsert(tx, d.tenant_id, [
        reminderMail({
          to: d.email,
          registrationId: d.registration_id,
          ref: d.ref,
          tenantName: d.tenant_name,
          facility: d.facility,
          deadline: asDay(d.deadline),
        }),
      ])}`;
    }
    return expired.length + due.length;
  });
}

export async function purgeKitaPersonalData(sql: Sql): Promise<number> {
  return sql.begin(async (tx) => {
    const done = await tx<{ id: string }[]>`
      update kita_registrations r set child_first_name = null, child_last_name = null, birth_date = null, special_needs = null,
        guardians = null, email = null, hardship_reason = null, dup_key = null, siblings = '{}', personal_deleted_at = now(), updated_at = now()
      from tenants n
      where n.id = r.tenant_id and r.closed_at is not null and r.personal_deleted_at is null
        and r.closed_at < now() - make_interval(days => case
              when jsonb_typeof(n.settings -> 'kita' -> 'retentionDays') = 'number'
              then (n.settings -> 'kita' ->> 'retentionDays')::int else ${DEFAULT_KITA_SETTINGS.retentionDays} end)
      returning r.id`;
    if (done.length) await tx`delete from outbox where subject_ref = any(${done.map((d) => `kita:${d.id}`)})`;
    const drafts = await tx<{ id: string }[]>`delete from kita_drafts where expires_at <= now() returning id`;
    if (drafts.length) await tx`delete from outbox where subject_ref = any(${drafts.map((d) => `kita-draft:${d.id}`)})`;
    return done.length + drafts.length;
  });
}
