// The demo seed of `npm start` on an empty embedded database: tenants, keys, and people with
// working sign-in links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, type TestDb } from './db.ts';
import { createApp } from '../../backend/app.ts';
import { isEmpty, seedDemo } from '../../backend/seed.ts';
import { berlinToday } from '../../backend/core/time.ts';

let db: TestDb;
before(async () => {
  db = await freshDatabase();
});
after(() => db.close());

test("seeds a county and a town with keys, a clerk each, the town's administration and the hosting office", async () => {
  assert.equal(await isEmpty(db.sql), true);
  const r = await seedDemo(db.sql, 'http://localhost:8788', 'http://localhost:8787/');
  assert.equal(await isEmpty(db.sql), false);
  assert.deepEqual(
    r.tenants.map((t) => t.slug),
    ['musterkreis', 'beispielstadt'],
  );
  assert.deepEqual(
    r.people.map((p) => [p.email, p.roles]),
    [
      ['sachbearbeitung@musterkreis.example', ['tips', 'kita', 'plans']],
      ['sachbearbeitung@beispielstadt.example', ['tips', 'kita', 'plans']],
      ['verwaltung@beispielstadt.example', ['tenant-admin']],
      ['personal@beispielstadt.example', ['jobs']],
      ['hosting@buergernah.example', ['host-admin']],
    ],
  );
  for (const p of r.people) {
    assert.match(p.link, p.roles.includes('host-admin') ? /^http:\/\/localhost:8787\/admin#invite=/ : /^http:\/\/localhost:8787\/console#invite=/);
    assert.ok(p.can.de && p.can.en);
  }
  // The town's people got their invitation by mail as well.
  const mails = await db.sql<{ to_addr: string }[]>`select to_addr from outbox where subject like 'Einladung%' order by to_addr`;
  assert.deepEqual(
    mails.map((m) => m.to_addr),
    ['personal@beispielstadt.example', 'sachbearbeitung@beispielstadt.example', 'sachbearbeitung@musterkreis.example', 'verwaltung@beispielstadt.example'],
  );

  // Kitas in the county and in the town: the town's page finds both.
  const kitas = await db.sql<{ slug: string; n: number }[]>`
    select t.slug, count(*)::int as n from kita_facilities f join tenants t on t.id = f.tenant_id group by 1 order by 1`;
  assert.deepEqual(
    kitas.map((k) => [k.slug, k.n]),
    [
      ['beispielstadt', 4],
      ['musterkreis', 2],
    ],
  );

  // Tips in every state in the town: waiting ones (two untouched for more than a week), some
  // published with a public answer, one rejected with its reason; the town got each as a mail.
  const tips = await db.sql<{ status: string; published: boolean; answer: boolean; idle: boolean }[]>`
    select t.status, t.published, t.public_answer is not null as answer, t.updated_at < now() - interval '7 days' as idle
    from tips t join tenants n on n.id = t.tenant_id where n.slug = 'beispielstadt' order by t.created_at`;
  const count = (f: (t: (typeof tips)[number]) => boolean) => tips.filter(f).length;
  assert.equal(tips.length, 8);
  assert.deepEqual([...new Set(tips.map((t) => t.status))].sort(), ['acknowledged', 'in_progress', 'new', 'rejected', 'resolved']);
  assert.equal(
    count((t) => t.status === 'new' && !t.published),
    3,
    'new tips wait for moderation',
  );
  assert.equal(
    count((t) => t.status === 'new' && t.idle),
    2,
    'two have waited for more than a week',
  );
  assert.equal(
    count((t) => t.published && t.answer),
    3,
  );
  const notices = await db.sql<{ n: number }[]>`select count(*)::int as n from outbox where to_addr = 'rathaus@beispielstadt.example'`;
  assert.equal(notices[0]!.n, 8);

  // Families' registrations for the town's Kitas, each with its wishes, numbered like a family's own.
  const regs = await db.sql<{ ref: string; wishes: number }[]>`
    select r.ref, (select count(*)::int from kita_wishes w where w.registration_id = r.id) as wishes
    from kita_registrations r join tenants n on n.id = r.tenant_id where n.slug = 'beispielstadt'`;
  assert.equal(regs.length, 5);
  assert.ok(regs.every((r) => /^KA-\d{4}-\d{5}$/.test(r.ref) && r.wishes >= 1));

  // A printed link signs the clerk in.
  const app = createApp({ db });
  const clerk = r.people[1]!;
  const res = await app.request('http://localhost:8787/v1/auth/password', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: clerk.link.split('#invite=')[1], password: 'Lindenallee hinter dem Rathaus' }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const me = await res.json();
  assert.equal(me.tenant.slug, 'beispielstadt');
  assert.equal(me.mustEnrollTotp, false);
});

test("imports the real XPlanGML fixtures into both demo sites, published, the town's draft open for statements", async () => {
  const plans = await db.sql<{ slug: string; name: string; published: boolean; s: string | null; e: string | null }[]>`
    select t.slug, p.name, p.published, p.participation_start::text as s, p.participation_end::text as e
    from plans p join tenants t on t.id = p.tenant_id order by t.slug, p.name`;
  assert.deepEqual(
    plans.map((p) => [p.slug, p.name, p.published]),
    [
      ['beispielstadt', 'BPlan002_6-0_SoapUI-XPlanManagerAPI', true],
      ['beispielstadt', 'Eidelstedt 4', true],
      ['musterkreis', 'BPlan002_5-4', true],
    ],
  );
  const today = berlinToday();
  const open = plans.filter((p) => p.s && p.e && p.s <= today && today <= p.e);
  assert.equal(open.length, 1);
  const [period] = await db.sql<{ n: number }[]>`select count(*)::int as n from plan_periods`;
  assert.equal(period!.n, 1);
});

test("seeds open job postings on both demo sites; the county page lists the town's as well", async () => {
  const own = await freshDatabase();
  try {
    const r = await seedDemo(own.sql, 'http://localhost:8788');
    const app = createApp({ db: own });
    const list = async (slug: string) => {
      const pk = r.tenants.find((t) => t.slug === slug)!.publishable;
      const res = await app.request(`/v1/jobs?key=${pk}`);
      assert.equal(res.status, 200);
      return (await res.json()) as { items: { employer: { slug: string }; validThrough: string | null }[] };
    };
    const town = await list('beispielstadt');
    assert.equal(town.items.length, 3);
    assert.ok(town.items.every((i) => i.employer.slug === 'beispielstadt'));
    const county = await list('musterkreis');
    assert.deepEqual([...new Set(county.items.map((i) => i.employer.slug))].sort(), ['beispielstadt', 'musterkreis']);
    assert.equal(county.items.length, 6);
  } finally {
    await own.close();
  }
});
