import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { modules } from '../../../widgets/index.ts';
import { define } from '../../../widgets/core/define.ts';
import { formatBytes } from '../../../widgets/core/units.ts';
import { msg, normalizeLocale, registerMessages } from '../../../widgets/core/i18n.ts';
import { ensureDefined, lazyDefine } from '../../../widgets/core/lazy.ts';
import { formMessages } from '../../../widgets/core/form-messages.ts';
// The form blocks' texts load per language, with the blocks (or with a widget's texts).
import '../../../widgets/core/form-messages-de.ts';
import '../../../widgets/core/form-messages-en.ts';
import { coreMessages } from '../../../widgets/core/messages.ts';
import { guardConsole } from '../helpers.ts';

guardConsole();

describe('widgets/index.ts', () => {
  it('defines <bn-tenant> at once and a form building block as soon as one is on the page', async () => {
    expect(customElements.get('bn-tenant')).to.not.equal(undefined);
    expect(Object.keys(modules)).to.include.members(['bn-text-field', 'bn-file-picker', 'bn-error-summary']);
    const wrap = await fixture(html`<div></div>`);
    wrap.innerHTML = '<bn-text-field label="Name"></bn-text-field>';
    await customElements.whenDefined('bn-text-field');
    expect(customElements.get('bn-radio-group')).to.not.equal(undefined);
  });

  it('tolerates a second definition of the same tag (snippet pasted twice)', () => {
    class Again extends LitElement {}
    expect(() => define('bn-tenant', Again)).to.not.throw();
    expect(customElements.get('bn-tenant')).to.not.equal(Again);
  });
});

describe('lazy module loading', () => {
  it('loads a chunk once when its tag appears, and upgrades every instance', async () => {
    let calls = 0;
    lazyDefine({
      'bn-test-lazy': async () => {
        calls++;
        class Lazy extends LitElement {
          override render() {
            return 'geladen';
          }
        }
        define('bn-test-lazy', Lazy);
      },
    });
    const wrap = await fixture(html`<div></div>`);
    wrap.innerHTML = '<section><bn-test-lazy></bn-test-lazy><bn-test-lazy></bn-test-lazy></section>';
    await customElements.whenDefined('bn-test-lazy');
    await waitUntil(() => [...wrap.querySelectorAll('bn-test-lazy')].every((e) => e.shadowRoot?.textContent === 'geladen'));
    expect(calls).to.equal(1);
    await ensureDefined('bn-test-lazy');
    expect(calls).to.equal(1);
  });

  it('loads a tag already on the page before registration', async () => {
    const wrap = await fixture(html`<div><bn-test-early></bn-test-early></div>`);
    lazyDefine({
      'bn-test-early': async () => define('bn-test-early', class extends HTMLElement {}),
    });
    await customElements.whenDefined('bn-test-early');
    expect(wrap.querySelector('bn-test-early')!.matches(':defined')).to.be.true;
  });
});

describe('i18n', () => {
  it('has complete German and English core catalogs', () => {
    for (const k of ['loading', 'unavailableTitle', 'retry'] as const) {
      expect(coreMessages.t('de', k)).to.not.equal(k);
      expect(coreMessages.t('en', k)).to.not.equal(coreMessages.t('de', k));
    }
    for (const k of ['required', 'requiredChoice', 'filesChoose'] as const) {
      expect(formMessages.t('de', k)).to.not.equal(k);
      expect(formMessages.t('en', k)).to.not.equal(formMessages.t('de', k));
    }
  });

  it('fills parameters with numbers formatted for the language', () => {
    const m = registerMessages('i18ntest', { de: { n: '{count} Einträge' }, en: { n: '{count} entries' } });
    expect(m.t('de', 'n', { count: 1234.5 })).to.equal('1.234,5 Einträge');
    expect(m.t('en', 'n', { count: 1234.5 })).to.equal('1,234.5 entries');
    expect(msg('en', 'i18ntest.n', { count: 2 })).to.equal('2 entries');
    expect(msg('en', 'unknown.key')).to.equal('unknown.key');
    expect(formatBytes('de', 1.5 * 1024 * 1024)).to.equal('1,5 MB');
  });

  it('normalizes page languages to ours', () => {
    expect([normalizeLocale('de-DE'), normalizeLocale('EN_gb'), normalizeLocale('fr'), normalizeLocale('')]).to.deep.equal(['de', 'en', undefined, undefined]);
  });
});
