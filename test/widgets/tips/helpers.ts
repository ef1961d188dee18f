import { fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/core/elements.ts';
import '../../../widgets/tips/define.ts';
import type { BnTenant } from '../../../widgets/core/tenant.ts';
import { FakeTipsServer } from './fake-api.ts';

export type Tag = 'bn-tip-form' | 'bn-tip-list' | 'bn-tip-status';

/** `<bn-tenant>` with the fake server's client around one tips widget, rendered and ready. */
export async function mount<T extends HTMLElement>(
  tag: Tag,
  server = new FakeTipsServer(),
  opts: { lang?: string; attrs?: Record<string, string>; ready?: string } = {},
): Promise<{ el: T; tenant: BnTenant; server: FakeTipsServer }> {
  const tenant = await fixture<BnTenant>(html`<bn-tenant lang=${opts.lang ?? 'de'} .client=${server.client()}></bn-tenant>`);
  const el = document.createElement(tag) as unknown as T;
  for (const [k, val] of Object.entries(opts.attrs ?? {})) el.setAttribute(k, val);
  tenant.append(el);
  await waitUntil(
    () => el.shadowRoot?.querySelector(opts.ready ?? (tag === 'bn-tip-form' ? 'form' : tag === 'bn-tip-list' ? '[part~="base"] ul, [part~="base"] p:not([role])' : 'form, article')),
    `${tag} did not render`,
    { timeout: 5000 },
  );
  return { el, tenant, server };
}

/** The focused element, through every open shadow root. */
export function deepActive(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

/** Presses Tab until `pred` holds for the focused element; fails after `max` presses. */
export async function tabUntil(pred: (el: Element) => boolean, what: string, max = 40): Promise<Element> {
  for (let i = 0; i < max; i++) {
    await sendKeys({ press: 'Tab' });
    const a = deepActive();
    if (a && pred(a)) return a;
  }
  throw new Error(`Tab never reached ${what}; last focus: ${deepActive()?.outerHTML.slice(0, 120)}`);
}

/** The host element of the shadow root a node lives in. */
export const hostOf = (el: Element): Element | null => {
  const root = el.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
};

export const $ = <E extends Element = HTMLElement>(root: Element, sel: string) => root.shadowRoot!.querySelector<E & HTMLElement>(sel)!;
export const text = (el: Element) => (el.shadowRoot ?? el).textContent!.replace(/\s+/g, ' ').trim();

/** Every error text shown on the form's fields, nested shadow roots included. */
export function fieldErrors(el: Element): string[] {
  const out: string[] = [];
  const walk = (root: ParentNode) => {
    for (const e of root.querySelectorAll('*')) {
      if (e.getAttribute('part') === 'error' && e.textContent?.trim()) out.push(e.textContent.trim());
      if (e.shadowRoot) walk(e.shadowRoot);
    }
  };
  walk(el.shadowRoot!);
  return out;
}
