import { expect } from '@open-wc/testing';
import { Draft } from '../../../widgets/core/draft.ts';

describe('Draft.flush', () => {
  it('saves a pending debounced draft at once, and no timer writes it later', async () => {
    const m = new Map<string, string>();
    const storage = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) } as unknown as Storage;
    const draft = new Draft({ tenant: 'beispielstadt', widget: 'tip-form', fields: ['text'] as const, storage });
    draft.saveSoon({ text: 'Schlag' }, 50);
    expect(m.size).to.equal(0);
    draft.flush();
    expect(draft.load()).to.deep.equal({ text: 'Schlag' });
    // Removed afterwards (as a test or a success does): the old timer must not bring it back.
    m.clear();
    await new Promise((r) => setTimeout(r, 120));
    expect(m.size).to.equal(0);
    draft.flush();
    expect(m.size).to.equal(0, 'nothing pending, nothing written');
  });
});
