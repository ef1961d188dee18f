/** Mounts `<bn-console-jobs>` as `<bn-console>` would: the staff client and the person through context. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import '../../../widgets/jobs/console-define.ts';
import { apiClientContext } from '../../../widgets/core/context.ts';
import { staffContext, type Me } from '../../../widgets/core/staff-context.ts';
import type { BnConsoleJobs } from '../../../widgets/jobs/console-section.ts';
import { FakeJobsServer, staffJobs } from './fake-api.ts';

export function me(roles: string[]): Me {
  return {
    user: {
      id: 'u1',
      email: 'p@beispielstadt.example',
      name: 'Personalamt',
      roles: roles as Me['user']['roles'],
      totpEnabled: false,
      tenant: { id: 't1', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt' },
    },
    tenant: { id: 't1', slug: 'beispielstadt', name: 'Gemeinde Beispielstadt', modules: ['jobs'], languages: ['de', 'en'], parent: null },
    host: false,
    mustEnrollTotp: false,
  } as Me;
}

export async function mountConsole(roles: string[], lang = 'de') {
  const server = new FakeJobsServer();
  const state = staffJobs(server, roles.includes('jobs') ? 'clerk' : 'participation');
  const host = await fixture<HTMLDivElement>(html`<div lang=${lang}></div>`);
  new ContextProvider(host, { context: apiClientContext, initialValue: server.client('bn_sk_test') });
  new ContextProvider(host, { context: staffContext, initialValue: me(roles) });
  const el = document.createElement('bn-console-jobs') as BnConsoleJobs;
  host.append(el);
  await waitUntil(() => el.shadowRoot?.querySelector('table'), 'postings table', { timeout: 5000 });
  return { el, server, state };
}

/** All shadow roots below `root`, depth first (the console's parts nest). */
export function deepAll<T extends Element>(root: Element | ShadowRoot, selector: string): T[] {
  const out: T[] = [...root.querySelectorAll<T>(selector)];
  for (const e of root.querySelectorAll('*')) if (e.shadowRoot) out.push(...deepAll<T>(e.shadowRoot, selector));
  return out;
}

/** A button by the start of its visible text, anywhere in the console's parts. */
export const button = (el: Element, label: string) => deepAll<HTMLButtonElement>(el.shadowRoot!, 'button').find((b) => b.textContent!.trim().startsWith(label));

/** Sets a core form field's value as typing or choosing would, and fires the event the part listens to. */
export function setField(field: Element | null | undefined, value: string, event: 'input' | 'change' = 'input'): void {
  if (!field) throw new Error('field missing');
  (field as HTMLElement & { value: string }).value = value;
  field.dispatchEvent(new Event(event, { bubbles: true, composed: true }));
}
