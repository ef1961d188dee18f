// The tips texts are one chunk per language, fetched when a widget first speaks it: a German
// page never downloads the English texts, nor an English page the German ones (the tip form's
// first paint is on a gzip budget). A text chunk lost to the network must not leave a lasting
// "Wird geladen": the form says so and offers to try again. Its own file: a module that has
// loaded once stays loaded for the page, so this must be the page's first tip form.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../widgets/core/elements.ts';
import '../../../widgets/tips/form-define.ts';
import type { BnTenant } from '../../../widgets/core/tenant.ts';
import type { BnTipForm } from '../../../widgets/tips/tip-form.ts';
import { expectConsole, guardConsole } from '../helpers.ts';
import { FakeTipsServer } from './fake-api.ts';
import { text } from './helpers.ts';

guardConsole();

const fetched = (re: RegExp) => performance.getEntriesByType('resource').some((e) => re.test(e.name));

describe('<bn-tip-form> texts per language', () => {
  it('loads only the page’s language, and offers “Erneut versuchen” when its texts fail to load', async () => {
    await fetch('/__stub__/fail-next?path=/widgets/tips/messages-de.ts', { method: 'POST' });
    expectConsole('warn', /texts in "de" could not be loaded/);
    const server = new FakeTipsServer();
    const tenant = await fixture<BnTenant>(html`<bn-tenant lang="de" .client=${server.client()}></bn-tenant>`);
    const el = document.createElement('bn-tip-form') as BnTipForm;
    tenant.append(el);
    await waitUntil(() => el.shadowRoot?.querySelector('button'), 'a button to try again', { timeout: 5000 });
    expect(text(el)).to.contain('Erneut versuchen');
    expect(el.shadowRoot!.querySelector('form')).to.equal(null);
    el.shadowRoot!.querySelector('button')!.click();
    await waitUntil(() => el.shadowRoot?.querySelector('form'), 'the form after the retry', { timeout: 5000 });
    expect(text(el)).to.contain('Anliegen absenden');
    expect(fetched(/tips\/messages-de\.ts/)).to.be.true;
    expect(fetched(/tips\/messages-en\.ts/)).to.be.false;

    el.lang = 'en';
    await waitUntil(() => text(el).includes('Send'), 'English after a switch', { timeout: 5000 });
    expect(fetched(/tips\/messages-en\.ts/)).to.be.true;
  });
});
