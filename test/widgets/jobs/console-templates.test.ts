import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { expectAccessible, guardConsole } from '../helpers.ts';
import { button, mountConsole, setField } from './console-fixture.ts';
import { TEMPLATE_ID } from './fake-api.ts';

guardConsole();

const part = (el: Element) => el.shadowRoot!.querySelector('bn-jobs-templates')!;
const q = <T extends Element = HTMLElement>(el: Element, sel: string) => part(el)?.shadowRoot?.querySelector<T>(sel) ?? null;

async function openTemplates(lang = 'de') {
  const ctx = await mountConsole(['jobs'], lang);
  const tab = ctx.el.shadowRoot!.querySelector<HTMLButtonElement>('[role="tab"]')!;
  tab.focus();
  // The tab list by keyboard: the arrow moves to the other tab.
  await sendKeys({ press: 'ArrowRight' });
  await waitUntil(() => q(ctx.el, 'table'), 'templates');
  return ctx;
}

describe('<bn-jobs-templates>', () => {
  it('is reached by the arrow key in the tab list and is accessible', async () => {
    const { el } = await openTemplates();
    expect(el.shadowRoot!.activeElement!.textContent).to.contain('Briefvorlagen');
    expect(el.shadowRoot!.activeElement!.getAttribute('aria-selected')).to.equal('true');
    expect(q(el, 'table')!.textContent).to.contain('Absage Standard');
    await expectAccessible(el);
  });

  it('creates a template; placeholders go in at the cursor; the API schema checks it first', async () => {
    const { el, server, state } = await openTemplates();
    button(el, 'Neue Vorlage')!.click();
    await waitUntil(() => q(el, 'form'), 'form');
    await expectAccessible(el);
    button(el, 'Speichern')!.click();
    await part(el).updateComplete;
    expect((q(el, 'bn-text-field[name="name"]') as HTMLElement & { error: string }).error).to.not.equal('');
    expect(server.called('POST /v1/staff/jobs/templates')).to.have.length(0);
    setField(q(el, 'bn-select[name="kind"]'), 'invitation', 'change');
    setField(q(el, 'bn-text-field[name="name"]'), 'Einladung');
    setField(q(el, 'bn-text-field[name="subject"]'), 'Einladung zum Gespräch');
    setField(q(el, 'bn-textarea[name="body"]'), 'Guten Tag ,');
    await part(el).updateComplete;
    const area = q(el, 'bn-textarea[name="body"]')!.shadowRoot!.querySelector('textarea')!;
    await waitUntil(() => area.value === 'Guten Tag ,', 'body shown');
    area.setSelectionRange(10, 10);
    const insert = [...part(el).shadowRoot!.querySelectorAll('[role="group"] button')].find((b) => b.textContent!.includes('Vorname einfügen')) as HTMLButtonElement;
    insert.click();
    await waitUntil(() => area.value === 'Guten Tag {{firstName}},', 'placeholder at the cursor');
    button(el, 'Speichern')!.click();
    await waitUntil(() => server.called('POST /v1/staff/jobs/templates').length === 1, 'sent');
    expect(server.called('POST /v1/staff/jobs/templates')[0]!.body).to.deep.equal({ kind: 'invitation', name: 'Einladung', subject: 'Einladung zum Gespräch', body: 'Guten Tag {{firstName}},' });
    await waitUntil(() => q(el, 'table')!.textContent!.includes('Einladung zum Gespräch'), 'listed');
    expect(state.templates).to.have.length(2);
  });

  it('changes and deletes a template (deleting asks once more, without a blocking dialog)', async () => {
    const { el, server } = await openTemplates();
    button(el, 'Bearbeiten')!.click();
    await waitUntil(() => q(el, 'form'), 'form');
    expect((q(el, 'bn-text-field[name="subject"]') as HTMLElement & { value: string }).value).to.equal('Ihre Bewerbung {{ref}}');
    setField(q(el, 'bn-text-field[name="subject"]'), 'Ihre Bewerbung {{ref}} bei {{employer}}');
    button(el, 'Speichern')!.click();
    await waitUntil(() => server.called(`PUT /v1/staff/jobs/templates/${TEMPLATE_ID}`).length === 1, 'changed');
    await waitUntil(() => q(el, 'table')!.textContent!.includes('bei {{employer}}'), 'listed');
    button(el, 'Löschen')!.click();
    await part(el).updateComplete;
    expect(q(el, 'td [role="alert"]')!.textContent).to.contain('wirklich löschen');
    expect(server.called(`DELETE /v1/staff/jobs/templates/${TEMPLATE_ID}`)).to.have.length(0);
    button(el, 'Löschen')!.click();
    await waitUntil(() => server.called(`DELETE /v1/staff/jobs/templates/${TEMPLATE_ID}`).length === 1, 'deleted');
    await waitUntil(() => !q(el, 'tbody')!.textContent!.includes('Absage Standard'), 'gone');
  });

  it('in English', async () => {
    const { el } = await openTemplates('en');
    expect(button(el, 'New template')).to.exist;
    expect(q(el, 'tbody')!.textContent).to.contain('Rejection');
  });
});
