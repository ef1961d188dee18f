import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import '../../../widgets/core/elements.ts';
import '../../../widgets/core/form-elements.ts';
import { ApiClient } from '../../../widgets/core/api-client.ts';
import { define } from '../../../widgets/core/define.ts';
import { registerMessages } from '../../../widgets/core/i18n.ts';
import type { BnTenant } from '../../../widgets/core/tenant.ts';
import { themeCss } from '../../../widgets/core/theme.ts';
import { BnWidget } from '../../../widgets/core/widget.ts';
import { expectAccessible, expectConsole, fakeFetch, guardConsole, json, problem, sampleConfig } from '../helpers.ts';

guardConsole();

const probeMessages = registerMessages('probe', {
  de: { hello: 'Willkommen in {town}' },
  en: { hello: 'Welcome to {town}' },
});

/** A minimal module widget, as tips/kita/jobs will be. */
class ProbeWidget extends BnWidget {
  override render() {
    return this.renderWithTenant((config) => litHtml`<p part="base">${probeMessages.t(this.locale, 'hello', { town: config.tenant.name })}</p>`);
  }
}
define('bn-test-probe', ProbeWidget);

const text = (el: Element) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();
const clientWith = (f: typeof fetch) => new ApiClient({ baseUrl: 'https://api.example', apiKey: 'bn_pk_x', fetch: f, backoffMs: 1, retries: 0 });

describe('<bn-tenant>', () => {
  it('is accessible while loading and when ready', async () => {
    let release!: (r: Response) => void;
    const f = fakeFetch(() => new Promise<Response>((r) => (release = r)));
    const el = await fixture<BnTenant>(html`<bn-tenant .client=${clientWith(f)}><bn-test-probe></bn-test-probe></bn-tenant>`);
    expect(el.state.status).to.equal('loading');
    expect(text(el)).to.equal('Wird geladen …');
    await expectAccessible(el);
    const ready = oneEvent(el, 'bn-ready');
    release(json(sampleConfig));
    await ready;
    await expectAccessible(el);
  });

  it('provides client, config and theme to a child widget through context', async () => {
    const f = fakeFetch(() => json(sampleConfig));
    const client = clientWith(f);
    const el = await fixture<BnTenant>(html`<bn-tenant lang="de" .client=${client}><bn-test-probe></bn-test-probe></bn-tenant>`);
    const probe = el.querySelector<ProbeWidget>('bn-test-probe')!;
    await waitUntil(() => el.state.status === 'ready');
    await probe.updateComplete;
    expect(probe.client).to.equal(client);
    expect(probe.config?.tenant.slug).to.equal('beispielstadt');
    expect(text(probe)).to.equal('Willkommen in Gemeinde Beispielstadt');
    expect(f.calls[0]!.url.pathname).to.equal('/v1/config');
    // Theme tokens arrive as CSS custom properties without any style attribute.
    expect(getComputedStyle(probe).getPropertyValue('--bn-color-primary').trim()).to.equal('rgb(0, 100, 0)');
    expect(el.hasAttribute('style')).to.be.false;
  });

  it('switches language de ↔ en for itself and every child', async () => {
    const f = fakeFetch(() => json(sampleConfig));
    const el = await fixture<BnTenant>(html`<bn-tenant lang="de" .client=${clientWith(f)}><bn-test-probe></bn-test-probe></bn-tenant>`);
    const probe = el.querySelector<ProbeWidget>('bn-test-probe')!;
    await waitUntil(() => text(probe).startsWith('Willkommen'));
    el.setAttribute('lang', 'en');
    await waitUntil(() => text(probe) === 'Welcome to Gemeinde Beispielstadt');
    expect(probe.locale).to.equal('en');
    // A child's own lang wins over the tenant's.
    probe.setAttribute('lang', 'de');
    await waitUntil(() => text(probe).startsWith('Willkommen'));
  });

  it('follows <html lang> when nobody sets a language, and limits to the tenant languages', async () => {
    const before = document.documentElement.getAttribute('lang');
    try {
      document.documentElement.setAttribute('lang', 'en-GB');
      const f = fakeFetch(() => json(sampleConfig));
      const el = await fixture<BnTenant>(html`<bn-tenant .client=${clientWith(f)}><bn-test-probe></bn-test-probe></bn-tenant>`);
      const probe = el.querySelector<ProbeWidget>('bn-test-probe')!;
      await waitUntil(() => text(probe).startsWith('Welcome'));
      document.documentElement.setAttribute('lang', 'de-AT');
      await waitUntil(() => text(probe).startsWith('Willkommen'));
      document.documentElement.setAttribute('lang', 'en');
      const deOnly = fakeFetch(() => json({ ...sampleConfig, languages: ['de'] }));
      const el2 = await fixture<BnTenant>(html`<bn-tenant .client=${clientWith(deOnly)}><bn-test-probe></bn-test-probe></bn-tenant>`);
      await waitUntil(() => text(el2.querySelector('bn-test-probe')!).startsWith('Willkommen'));
    } finally {
      if (before === null) document.documentElement.removeAttribute('lang');
      else document.documentElement.setAttribute('lang', before);
    }
  });

  it('shows a clear German message and tells the webmaster why when the key is revoked', async () => {
    expectConsole('error', /KEY_REVOKED.*api-key/);
    const f = fakeFetch(() => problem(401, 'KEY_REVOKED'));
    const el = await fixture<BnTenant>(html`<bn-tenant lang="de" .client=${clientWith(f)}><bn-test-probe></bn-test-probe></bn-tenant>`);
    const err = await oneEvent(el, 'bn-error');
    expect(err.detail).to.deep.equal({ code: 'KEY_REVOKED', status: 401 });
    await el.updateComplete;
    const box = el.shadowRoot!.querySelector('[part~="unavailable"]')!;
    expect(box.getAttribute('role')).to.equal('alert');
    expect(box.textContent).to.contain('Dieses Formular ist gerade nicht verfügbar.');
    expect(el.shadowRoot!.querySelector('[part~="retry"]')).to.equal(null);
    await expectAccessible(el);
  });

  it('offers "try again" after a network failure and recovers', async () => {
    expectConsole('error', /could not reach the API/);
    const f = fakeFetch(
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => json(sampleConfig),
    );
    const el = await fixture<BnTenant>(html`<bn-tenant lang="en" .client=${clientWith(f)}><bn-test-probe></bn-test-probe></bn-tenant>`);
    await oneEvent(el, 'bn-error');
    await el.updateComplete;
    expect(text(el)).to.contain('This form is currently unavailable.');
    const ready = oneEvent(el, 'bn-ready');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry"]')!.click();
    await ready;
    expect(el.state.status).to.equal('ready');
  });
});

describe('a widget with its own api-key', () => {
  it('loads its config alone, through the same controller', async () => {
    const probe = await fixture<ProbeWidget>(html`<bn-test-probe lang="de" api-key="bn_pk_good" api-base=${`${location.origin}/__stub__`}></bn-test-probe>`);
    await waitUntil(() => probe.tenantState.status === 'ready');
    await probe.updateComplete;
    expect(text(probe)).to.equal('Willkommen in Landkreis Musterkreis');
    expect(getComputedStyle(probe).getPropertyValue('--bn-color-primary').trim()).to.equal('rgb(1, 2, 3)');
  });

  it('shows the unavailable state for a revoked key', async () => {
    expectConsole('error', /KEY_REVOKED/);
    const probe = await fixture<ProbeWidget>(html`<bn-test-probe lang="de" api-key="bn_pk_revoked" api-base=${`${location.origin}/__stub__`}></bn-test-probe>`);
    await waitUntil(() => probe.tenantState.status === 'error');
    await probe.updateComplete;
    expect(text(probe)).to.contain('Dieses Formular ist gerade nicht verfügbar.');
  });

  it('complains in the console when it has neither key nor provider', async () => {
    expectConsole('error', /place it inside <bn-tenant/);
    const probe = await fixture<ProbeWidget>(html`<bn-test-probe lang="en"></bn-test-probe>`);
    expect(text(probe)).to.contain('This form is currently unavailable.');
  });
});

describe('tenant theme tokens', () => {
  it('accepts only --bn-* names with plain values (no rule breakout, no remote URLs)', () => {
    expect(
      themeCss({
        '--bn-color-primary': '#0b6e4f',
        '--bn-radius': '12px',
        '--bn-color-text': 'red; } :host { display: none',
        '--bn-font-family': 'x { }',
        '--bn-color-surface': 'url(https://tracker.example/pixel)',
        '--other': 'blue',
        color: 'red',
      }),
    ).to.equal(':host { --bn-color-primary: #0b6e4f; --bn-radius: 12px; }');
  });
});
