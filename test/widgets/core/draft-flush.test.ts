import { expect } from '@open-wc/testing';
import { Draft } from '../../../widgets/core/draft.ts';

/** setTimeout / clearTimeout under the test's control: `fire()` runs what is still scheduled. */
function manualTimers() {
  const scheduled = new Map<number, () => void>();
  let next = 1;
  const real = { set: window.setTimeout, clear: window.clearTimeout };
  window.setTimeout = ((fn: () => void) => {
    scheduled.set(next, fn);
    return next++;
  }) as unknown as typeof window.setTimeout;
  window.clearTimeout = ((id?: number) => void scheduled.delete(id ?? 0)) as typeof window.clearTimeout;
  return {
    pending: () => scheduled.size,
    fire: () => {
      const due = [...scheduled.values()];
      scheduled.clear();
      for (const fn of due) fn();
    },
    restore: () => Object.assign(window, { setTimeout: real.set, clearTimeout: real.clear }),
  };
}

describe('Draft.flush', () => {
  it('saves a pending debounced draft at once, and no timer writes it later', () => {
    const m = new Map<string, string>();
    const storage = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) } as unknown as Storage;
    const timers = manualTimers();
    try {
      const draft = new Draft({ tenant: 'beispielstadt', widget: 'tip-form', fields: ['text'] as const, storage });
      draft.saveSoon({ text: 'Schlag' }, 50);
      expect(m.size).to.equal(0);
      expect(timers.pending()).to.equal(1, 'the debounce is scheduled');
      draft.flush();
      expect(draft.load()).to.deep.equal({ text: 'Schlag' });
      // Removed afterwards (as a test or a success does): the old timer must not bring it back.
      m.clear();
      timers.fire();
      expect(m.size).to.equal(0);
      draft.flush();
      expect(m.size).to.equal(0, 'nothing pending, nothing written');
    } finally {
      timers.restore();
    }
  });
});
