import { expect, waitUntil } from '@open-wc/testing';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { addHostileCss, paintsNothing, visuallyHidden } from '../hostile-css.ts';
import { button, deepAll, mountConsole, setField } from './console-fixture.ts';
import { APP2_ID, APP_ID, JOB_ID, TEMPLATE_ID } from './fake-api.ts';

guardConsole();

const part = (el: Element) => el.shadowRoot!.querySelector('bn-jobs-applications')!;
const q = <T extends Element = HTMLElement>(el: Element, sel: string) => part(el)?.shadowRoot?.querySelector<T>(sel) ?? null;
const BASE = `/v1/staff/jobs/${JOB_ID}/applications`;

async function openApps(roles: string[], lang = 'de') {
  const ctx = await mountConsole(roles, lang);
  button(ctx.el, lang === 'de' ? 'Bewerbungen ansehen' : 'See applications')!.click();
  await waitUntil(() => q(ctx.el, 'table'), 'applications');
  return ctx;
}

describe('<bn-jobs-applications>', () => {
  it('the clerk: accessible; the heading gets the focus; contact data shown', async () => {
    const { el } = await openApps(['jobs']);
    await waitUntil(() => part(el).shadowRoot!.activeElement?.tagName === 'H3', 'focus on the heading');
    expect(q(el, 'table')!.textContent).to.contain('erika@example.org');
    await expectAccessible(el);
    // Screen-reader-only text (button targets, captions) paints nothing, hostile page CSS or not.
    const remove = addHostileCss();
    try {
      const hidden = visuallyHidden(el);
      expect(hidden.length).to.be.greaterThan(3);
      expect(hidden.filter((h) => !paintsNothing(h)).map((h) => h.textContent)).to.deep.equal([]);
    } finally {
      remove();
    }
  });

  it('needs the §165 reason to reject a flagged applicant never invited', async () => {
    const { el, server } = await openApps(['jobs']);
    button(el, 'Stand ändern')!.click();
    await part(el).updateComplete;
    setField(q(el, 'bn-select[name="status"]'), 'rejected', 'change');
    await waitUntil(() => q(el, 'bn-textarea[name="reason"]'), 'reason field');
    setField(q(el, 'bn-textarea[name="reason"]'), 'Approbation fehlt offensichtlich.');
    await expectAccessible(el);
    button(el, 'Übernehmen')!.click();
    await waitUntil(() => server.called(`PATCH ${BASE}/${APP_ID}`).length === 1, 'status sent');
    expect(server.called(`PATCH ${BASE}/${APP_ID}`)[0]!.body).to.deep.equal({ status: 'rejected', reason: 'Approbation fehlt offensichtlich.' });
  });

  it('rates, notes and sends a letter in the open application', async () => {
    const { el, server } = await openApps(['jobs']);
    button(el, 'Details')!.click();
    await waitUntil(() => q(el, '[part="details"]'), 'details');
    await waitUntil(() => part(el).shadowRoot!.activeElement?.id === 'detail-heading', 'focus on the details');
    expect(q(el, '[part="details"]')!.textContent).to.contain('Ich bewerbe mich.');
    await expectAccessible(el);
    setField(q(el, 'bn-select[name="rating"]'), '4', 'change');
    await waitUntil(() => server.called(`PATCH ${BASE}/${APP_ID}`).length === 1, 'rating sent');
    expect(server.called(`PATCH ${BASE}/${APP_ID}`)[0]!.body).to.deep.equal({ rating: 4 });
    await waitUntil(() => q(el, '[part="details"]')!.textContent!.includes('Bewertung: 4 von 5'), 'rating in the history');
    // An empty note is refused by the API's schema before anything is sent.
    button(el, 'Notiz speichern')!.click();
    await part(el).updateComplete;
    expect((q(el, 'bn-textarea[name="text"]') as HTMLElement & { error: string }).error).to.not.equal('');
    expect(server.called(`POST ${BASE}/${APP_ID}/notes`)).to.have.length(0);
    setField(q(el, 'bn-textarea[name="text"]'), 'Gutes Gespräch am Telefon.');
    button(el, 'Notiz speichern')!.click();
    await waitUntil(() => q(el, '[part="details"]')!.textContent!.includes('Gutes Gespräch am Telefon.'), 'note shown');
    setField(q(el, 'bn-select[name="letter"]'), TEMPLATE_ID, 'change');
    button(el, 'Brief verschicken')!.click();
    await waitUntil(() => server.called(`POST ${BASE}/${APP_ID}/letters`).length === 1, 'letter sent');
    expect(server.called(`POST ${BASE}/${APP_ID}/letters`)[0]!.body).to.deep.equal({ templateId: TEMPLATE_ID });
    await waitUntil(() => q(el, '[role="status"]')!.textContent!.includes('Postausgang'), 'told');
  });

  it('bulk rejection: a letter template, and a §165 reason for the flagged applicant never invited', async () => {
    const { el, server, state } = await openApps(['jobs']);
    for (const box of deepAll<HTMLInputElement>(part(el).shadowRoot!, 'input[type="checkbox"]')) box.click();
    await waitUntil(() => button(el, 'Ausgewählte absagen'), 'bulk button');
    expect(q(el, '.row span')!.textContent).to.equal('2 ausgewählt');
    button(el, 'Ausgewählte absagen')!.click();
    await waitUntil(() => q(el, 'form.panel'), 'bulk form');
    expect(q(el, 'form.panel h4')!.textContent).to.equal('Absage an 2 Bewerbungen');
    expect(q(el, `bn-textarea[name="reasons.${APP_ID}"]`)).to.exist;
    expect(q(el, `bn-textarea[name="reasons.${APP2_ID}"]`)).to.equal(null);
    await expectAccessible(el);
    // Without a template the API's schema refuses; nothing is sent.
    button(el, 'Absagen und Briefe verschicken')!.click();
    await part(el).updateComplete;
    expect((q(el, 'bn-select[name="templateId"]') as HTMLElement & { error: string }).error).to.not.equal('');
    setField(q(el, 'bn-select[name="templateId"]'), TEMPLATE_ID, 'change');
    // Without the reason the server refuses, and says so on the field.
    button(el, 'Absagen und Briefe verschicken')!.click();
    await waitUntil(() => (q(el, `bn-textarea[name="reasons.${APP_ID}"]`) as HTMLElement & { error: string }).error, 'reason error');
    setField(q(el, `bn-textarea[name="reasons.${APP_ID}"]`), 'Fachliche Voraussetzung fehlt offensichtlich.');
    button(el, 'Absagen und Briefe verschicken')!.click();
    await waitUntil(() => q(el, '[role="status"]')!.textContent!.includes('2 Bewerbungen abgesagt'), 'done');
    expect(server.called(`POST ${BASE}/reject`).at(-1)!.body).to.deep.equal({
      ids: [APP_ID, APP2_ID],
      templateId: TEMPLATE_ID,
      reasons: { [APP_ID]: 'Fachliche Voraussetzung fehlt offensichtlich.' },
    });
    expect(state.apps.map((a) => a.status)).to.deep.equal(['rejected', 'rejected']);
  });

  it('downloads every document as one ZIP through the API client', async () => {
    const { el, server } = await openApps(['jobs']);
    const clicked: string[] = [];
    const orig = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    };
    try {
      button(el, 'Alle Unterlagen als ZIP')!.click();
      await waitUntil(() => clicked.length === 1, 'saved');
    } finally {
      HTMLAnchorElement.prototype.click = orig;
    }
    expect(clicked[0]).to.equal(`bewerbungen-${JOB_ID.slice(0, 8)}.zip`);
    const call = server.called(`GET /v1/staff/jobs/${JOB_ID}/documents.zip`)[0]!;
    expect(call.headers.authorization).to.equal('Bearer bn_sk_test');
  });

  it('the disability representative: read-only, no contact data, no ZIP, no rating, no selection', async () => {
    const { el } = await openApps(['jobs-representative']);
    expect(q(el, 'p.muted')!.textContent).to.contain('Nur-Lese-Ansicht');
    expect(button(el, 'Alle Unterlagen als ZIP')).to.equal(undefined);
    expect(button(el, 'Stand ändern')).to.equal(undefined);
    expect(q(el, 'input[type="checkbox"]')).to.equal(null);
    expect(q(el, 'table')!.textContent).to.not.contain('@example.org');
    expect(button(el, 'Lebenslauf.pdf')).to.exist;
    button(el, 'Details')!.click();
    await waitUntil(() => q(el, '[part="details"]'), 'details');
    expect(q(el, 'bn-select[name="rating"]')).to.equal(null);
    expect(q(el, 'bn-textarea[name="text"]')).to.equal(null);
    await expectAccessible(el);
  });

  it('narrow: each application a card, each value under its column name', async () => {
    const { el } = await openApps(['jobs']);
    const table = q(el, 'table')!;
    expect(getComputedStyle(table).display).to.equal('table');
    part(el).style.inlineSize = '360px';
    await waitUntil(() => getComputedStyle(table).display === 'block', 'stacked');
    const ref = q(el, 'td[data-label]')!;
    expect(getComputedStyle(ref, '::before').content).to.equal('"Referenz"');
    await expectAccessible(el);
  });

  it('in English, with plural forms', async () => {
    const { el } = await openApps(['jobs'], 'en');
    deepAll<HTMLInputElement>(part(el).shadowRoot!, 'input[type="checkbox"]')[0]!.click();
    await waitUntil(() => button(el, 'Reject the selected'), 'bulk button');
    button(el, 'Reject the selected')!.click();
    await waitUntil(() => q(el, 'form.panel'), 'bulk form');
    expect(q(el, 'form.panel h4')!.textContent).to.equal('Reject 1 application');
  });
});
