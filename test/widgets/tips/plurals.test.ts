import { expect } from '@open-wc/testing';
import { tipsViewMessages } from '../../../widgets/tips/view-messages.ts';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const t = (l: 'de' | 'en', k: Parameters<typeof tipsViewMessages.t>[1], p: Record<string, number | string>) => plain(tipsViewMessages.t(l, k, p));

/** Issue 13 item 7: "1 Unterstützungen", "etwa 0 m entfernt". */
describe('tips texts with counts and units', () => {
  it('says how many support a report, in the right form', () => {
    expect(t('de', 'dupSupported', { ref: 'BT-2026-00007', count: 1 })).to.equal('Danke! Meldung BT-2026-00007 hat jetzt 1 Unterstützung.');
    expect(t('de', 'dupSupported', { ref: 'BT-2026-00007', count: 3 })).to.equal('Danke! Meldung BT-2026-00007 hat jetzt 3 Unterstützungen.');
    expect(t('en', 'dupSupported', { ref: 'BT-2026-00007', count: 1 })).to.equal('Thank you! Report BT-2026-00007 now has 1 supporter.');
    expect(t('en', 'supportCount', { n: 1 })).to.equal('1 supporter');
    expect(t('de', 'supportCount', { n: 1 })).to.equal('1 Unterstützung');
    expect(t('en', 'listCount', { n: 1 })).to.equal('1 report');
  });

  it('says how far away a report is without "0 m"', () => {
    expect(t('de', 'dupDistance', { m: 0 })).to.equal('weniger als 10 m entfernt');
    expect(t('en', 'dupDistance', { m: 3.2 })).to.equal('less than 10 m away');
    expect(t('de', 'dupDistance', { m: 23 })).to.equal('etwa 25 m entfernt');
    expect(t('en', 'dupDistance', { m: 47 })).to.equal('about 45 m away');
  });
});
