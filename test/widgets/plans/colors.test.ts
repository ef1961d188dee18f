import { expect } from '@open-wc/testing';
import { colorKeyOf, contrast, PLAIN_BACKGROUND, PLAN_COLORS } from '../../../widgets/plans/colors.ts';

describe('plan colours (Planzeichenverordnung)', () => {
  it('groups contents the way planners colour them', () => {
    expect(colorKeyOf('bebauung', 'WA – Allgemeines Wohngebiet')).to.equal('wohnen');
    expect(colorKeyOf('bebauung', 'MI – Mischgebiet')).to.equal('misch');
    expect(colorKeyOf('bebauung', 'GE – Gewerbegebiet')).to.equal('gewerbe');
    expect(colorKeyOf('bebauung', 'SO – Sondergebiet Einzelhandel')).to.equal('sonder');
    expect(colorKeyOf('bebauung', 'Überbaubare Grundstücksfläche')).to.equal('grenze');
    expect(colorKeyOf('gruen', 'Grünfläche: Parkanlage')).to.equal('gruen');
    expect(colorKeyOf('unbekannt', 'x')).to.equal('sonstiges');
  });

  it('every colour has at least 3:1 contrast against the plain map background (WCAG 1.4.11)', () => {
    for (const [key, color] of Object.entries(PLAN_COLORS)) expect(contrast(color, PLAIN_BACKGROUND), key).to.be.at.least(3);
    expect(contrast('#ffffff', '#000000')).to.be.closeTo(21, 0.01);
  });
});
