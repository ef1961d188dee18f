// Working through the statements: tags, Abwägungsvorschlag and decision, the
// Abwägungstabelle as .xlsx (read back with exceljs; converted by LibreOffice where it is
// installed) and as printable HTML, result notices through the outbox, the Bekanntmachung.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { problem, world, type World } from './helpers.ts';
import { syntheticPlan } from './plans/synthetic.ts';
import { citizenPost } from './tips-fixtures.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const libreoffice = ['/usr/bin/libreoffice', '/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'].find((f) => fs.existsSync(f));

describe('plans: Abwägung and export', () => {
  let w: World;
  const clock = new Date('2026-05-10T10:00:00Z');
  let id = '';
  const refs: Record<string, string> = {};
  before(async () => {
    w = await world({ now: () => clock });
    const fd = new FormData();
    fd.append('file', new Blob([enc(syntheticPlan({ gmlId: 'GML_abw', nummer: '12', name: 'Neue Mitte' }))]), 'p.gml');
    id = (await (await w.req('/v1/staff/plans/import?publish=true', { method: 'POST', key: w.a.sk, body: fd })).json()).items[0].id;
    const put = await w.req(`/v1/staff/plans/${id}/participation`, {
      method: 'PUT',
      key: w.a.sk,
      json: {
        start: '2026-05-04',
        end: '2026-06-05',
        webAddress: 'https://www.beispielstadt.example/bauleitplanung#plan=12',
        otherAccess: 'Lesegerät im Rathaus, Markt 1',
        environmental: ['Lärm', 'Artenschutz'],
      },
    });
    assert.equal(put.status, 200, await put.text());
    for (const [key, body] of Object.entries({
      mail: { text: 'Die Bäume am Markt erhalten.', name: 'Erika Mustermann', email: 'erika@example.org' },
      post: { text: '=HYPERLINK("http://evil.example","klick") und <b>fett</b>', name: 'Max Muster', address: 'Weg 1, 12345 Beispielstadt' },
      anon: { text: 'Mehr Radwege.\nZweite Zeile.' },
    })) {
      const res = await citizenPost(w, w.a.pk, `/v1/plans/${id}/statements`, { ...body, consent: true });
      assert.equal(res.status, 201);
      refs[key] = (await res.json()).ref;
    }
  });
  after(async () => {
    await w?.close();
  });
  const patch = (ref: string, json: unknown) => w.req(`/v1/staff/plans/${id}/statements/${ref}`, { method: 'PATCH', key: w.a.sk, json });

  /** The clerk's Abwägung of two statements, which the exports and the notice show; the same PATCHes each time (idempotent). */
  const decide = async () => {
    const res = await patch(refs.mail!, { tags: ['Grün', 'Grün', 'Bäume'], proposal: 'Die Bäume werden als zu erhalten festgesetzt.', decision: 'followed' });
    assert.equal((await patch(refs.post!, { tags: ['Verkehr'], proposal: 'Kein Bezug zum Plan.', decision: 'not-followed', decisionNote: 'Einstimmig.' })).status, 200);
    return res;
  };

  it('records tags, the Abwägungsvorschlag and the decision; filters by tag', async () => {
    const res = await decide();
    const s = await res.json();
    assert.equal(res.status, 200, JSON.stringify(s));
    assert.deepEqual([s.tags, s.decision], [['Grün', 'Bäume'], 'followed']);
    const grün = await (await w.req(`/v1/staff/plans/${id}/statements?tag=Gr%C3%BCn`, { key: w.a.sk })).json();
    assert.deepEqual(
      grün.items.map((x: { ref: string }) => x.ref),
      [refs.mail],
    );
    await problem(await patch(refs.mail!, { decision: 'vielleicht' }), 422, 'VALIDATION_FAILED');
    await problem(await patch(refs.mail!, { tags: [''] }), 422, 'VALIDATION_FAILED');
    await problem(await patch('ST-2222-2222', { tags: [] }), 404, 'NOT_FOUND');
    await problem(await w.req(`/v1/staff/plans/${id}/statements/${refs.mail}`, { method: 'PATCH', key: w.b.sk, json: { tags: [] } }), 404, 'NOT_FOUND');
  });

  const exportXlsx = async () => {
    const res = await w.req(`/v1/staff/plans/${id}/statements/export.xlsx`, { key: w.a.sk });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('Content-Type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return Buffer.from(await res.arrayBuffer());
  };

  it('exports the Abwägungstabelle as .xlsx that exceljs reads back, text as text', async () => {
    await decide();
    const xlsx = await exportXlsx();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Abwägungstabelle')!;
    assert.match(String(ws.getCell('A1').value), /Abwägungstabelle Bebauungsplan Nr\. 12 „Neue Mitte“/);
    assert.match(String(ws.getCell('A2').value), /04\.05\.2026 bis 05\.06\.2026/);
    assert.deepEqual((ws.getRow(4).values as string[]).slice(1, 4), ['Nr.', 'Referenz', 'Eingang']);
    const data = [5, 6, 7].map((n) => (ws.getRow(n).values as unknown[]).slice(1));
    assert.deepEqual(
      data.map((r) => r[1]),
      [refs.mail, refs.post, refs.anon],
    );
    assert.equal(data[0]![5], 'Erika Mustermann');
    assert.equal(data[0]![9], 'Die Bäume werden als zu erhalten festgesetzt.');
    assert.equal(data[0]![10], 'wird berücksichtigt');
    assert.equal(data[1]![10], 'wird nicht berücksichtigt: Einstimmig.');
    assert.equal(data[2]![5], 'anonym');
    const formulaLike = ws.getRow(6).getCell(8);
    assert.equal(formulaLike.type, ExcelJS.ValueType.String, 'a citizen\'s "=…" stays a string');
    assert.match(String(formulaLike.value), /^=HYPERLINK/);
    const anon = await (await w.req(`/v1/staff/plans/${id}/statements/export.xlsx?names=false`, { key: w.a.sk })).arrayBuffer();
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(anon);
    assert.deepEqual(
      [5, 6, 7].map((n) => wb2.getWorksheet(1)!.getRow(n).getCell(6).value),
      ['Person 1', 'Person 2', 'anonym'],
    );
  });

  it(`opens in LibreOffice where it is installed (${libreoffice ? 'converted to CSV here' : 'not installed here: the exceljs read-back above stands'})`, async () => {
    const xlsx = await exportXlsx();
    assert.ok(xlsx.subarray(0, 2).toString() === 'PK', 'an OOXML zip');
    if (!libreoffice) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-abw-'));
    fs.writeFileSync(path.join(dir, 'a.xlsx'), xlsx);
    execFileSync(libreoffice, ['--headless', '--convert-to', 'csv', '--outdir', dir, path.join(dir, 'a.xlsx')], { timeout: 120_000 });
    const csv = fs.readFileSync(path.join(dir, 'a.csv'), 'utf8');
    assert.match(csv, new RegExp(refs.mail!));
    assert.match(csv, /Erika Mustermann/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exports a printable HTML page with every text escaped', async () => {
    const res = await w.req(`/v1/staff/plans/${id}/statements/export.html`, { key: w.a.sk });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Security-Policy') ?? '', /default-src 'none'/);
    const html = await res.text();
    assert.match(html, /<html lang="de">/);
    assert.match(html, /&lt;b&gt;fett&lt;\/b&gt;/);
    assert.ok(!html.includes('<b>fett</b>'));
    assert.match(html, /Mehr Radwege\.<br>Zweite Zeile\./);
    assert.match(html, /3 Stellungnahmen/);
  });

  it('sends the result notice to named submitters with e-mail and a decision, once; lists those who need a letter', async () => {
    await decide();
    const before = (await w.db.sql<{ n: number }[]>`select count(*)::int as n from outbox where subject like 'Ergebnis%'`)[0]!.n;
    const res = await w.req(`/v1/staff/plans/${id}/statements/notify`, { method: 'POST', key: w.a.sk, json: {} });
    const r = await res.json();
    assert.equal(res.status, 200, JSON.stringify(r));
    assert.deepEqual([r.sent, r.byPost.map((x: { ref: string }) => x.ref), r.undecided], [1, [refs.post], 0]);
    const mails = await w.db.sql<{ to_addr: string; body_text: string }[]>`select to_addr, body_text from outbox where subject like 'Ergebnis%'`;
    assert.equal(mails.length, before + 1);
    assert.equal(mails[0]!.to_addr, 'erika@example.org');
    assert.match(mails[0]!.body_text, /wird berücksichtigt/);
    assert.match(mails[0]!.body_text, /als zu erhalten festgesetzt/);
    const again = await (await w.req(`/v1/staff/plans/${id}/statements/notify`, { method: 'POST', key: w.a.sk, json: {} })).json();
    assert.equal(again.sent, 0, 'nobody is told twice');
    const s = (await (await w.req(`/v1/staff/plans/${id}/statements`, { key: w.a.sk })).json()).items.find((x: { ref: string }) => x.ref === refs.mail);
    assert.ok(s.notifiedAt);
  });

  it('generates the Bekanntmachung with period, web address, other access, environmental information and the late-statement hint', async () => {
    const res = await w.req(`/v1/staff/plans/${id}/announcement`, { key: w.a.sk });
    const a = await res.json();
    assert.equal(res.status, 200, JSON.stringify(a));
    for (const re of [
      /vom 04\.05\.2026 bis einschließlich 05\.06\.2026/,
      /https:\/\/www\.beispielstadt\.example\/bauleitplanung#plan=12/,
      /Lesegerät im Rathaus/,
      /– Lärm\n– Artenschutz/,
      /Nicht fristgerecht abgegebene Stellungnahmen können/,
      /Gemeinde Beispielstadt/,
    ]) {
      assert.match(a.text, re);
    }
    assert.deepEqual(a.missing, []);
    assert.match(a.textEn, /Late statements may be disregarded/);
    await problem(await w.req(`/v1/staff/plans/${id}/announcement?period=00000000-0000-4000-8000-000000000000`, { key: w.a.sk }), 404, 'NOT_FOUND');
  });
});
