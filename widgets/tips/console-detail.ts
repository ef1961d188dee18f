import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import * as v from 'valibot';
import { STATUS_TRANSITIONS, StaffTipUpdate, type StaffTip, type StaffTipEvent, type TipsSettings, type TipStatus } from '../../backend/tips/schema.ts';
import { ConsoleTipsElement } from './console-api.ts';
import type { ConsoleTipsKey } from './console-messages.ts';
import { consoleStyles } from './console-styles.ts';
import { isolate, isolateParams, isolateText } from '../core/bidi.ts';
import { renderLoad } from '../core/task-view.ts';
import type { MapHandle } from '../core/map-view.ts';

/** Asks the inbox for the next (1) or previous (-1) tip. */
export class BnStepEvent extends Event {
  constructor(readonly delta: 1 | -1) {
    super('bn-step', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bn-step': BnStepEvent;
  }
}

type Busy = '' | 'status' | 'publish' | 'assign' | 'note' | 'forward' | 'answer';

/**
 * @tag bn-console-tip-detail
 * @summary One tip for the clerk: details with photos, map, contact and history; status
 * change with reason and templates, public answer, publishing (with a moderated public
 * text), assignment, internal notes and forwarding within the community.
 *
 * A public answer, once sent, is shown as sent and the field is empty again; sending the same
 * text a second time asks first.
 *
 * @fires bn-close - Back to the inbox (also after a forward: the tip is no longer ours).
 * @fires bn-step - Next (`delta` 1) or previous (-1) tip of the inbox (`BnStepEvent`).
 * @csspart base - The detail.
 * @csspart map - The map with the pin.
 * @csspart history - The history list.
 * @cssprop --bn-color-primary - Buttons, links and the pin.
 */
export class BnConsoleTipDetail extends ConsoleTipsElement {
  static override styles = [...ConsoleTipsElement.styles, ...consoleStyles];

  private handle?: MapHandle;
  private blobUrls: string[] = [];

  @query('.map') private mapEl?: HTMLElement;
  @query('#detail-title') private titleEl?: HTMLElement;

  @state() private tip?: StaffTip;
  @state() private nextStatus = '';
  @state() private reason = '';
  @state() private answer = '';
  @state() private publicText = '';
  @state() private assignee = '';
  @state() private noteText = '';
  @state() private forwardTo = '';
  @state() private forwardNote = '';
  @state() private busy: Busy = '';
  @state() private errors: Partial<Record<Busy | 'reason', string>> = {};
  @state() private announcement = '';
  /** The answer being typed is the one already sent: ask before sending it again. */
  @state() private confirmRepeat = false;

  @property() ref = '';
  @property({ attribute: false }) settings?: TipsSettings;
  /** Where this tip is in the inbox (0-based), for "Anliegen 3 von 40" and next / previous. */
  @property({ attribute: false }) position: { index: number; total: number } | null = null;

  private readonly tipTask = new Task(this, {
    task: async ([client, ref], { signal }) => (client && ref ? this.api!.get(ref, signal) : undefined),
    args: () => [this.client, this.ref] as const,
    onComplete: (tip) => tip && this.show(tip),
  });

  private readonly assigneesTask = new Task(this, {
    task: async ([client], { signal }) => (client ? this.api!.assignees(signal).catch(() => []) : []),
    args: () => [this.client] as const,
  });

  private readonly targetsTask = new Task(this, {
    task: async ([client], { signal }) => (client ? this.api!.forwardTargets(signal) : []),
    args: () => [this.client] as const,
  });

  private readonly photosTask = new Task(this, {
    task: async ([tip]) => {
      if (!tip || !this.api) return [] as string[];
      const urls = await Promise.all(tip.photos.map((p) => this.api!.photo(p).catch(() => '')));
      this.blobUrls.push(...urls.filter(Boolean));
      return urls;
    },
    args: () => [this.tip] as const,
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.handle?.destroy();
    this.handle = undefined;
    for (const u of this.blobUrls) URL.revokeObjectURL(u);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('tip') && this.tip) void this.drawMap(this.tip);
    if (changed.has('tip') && !changed.get('tip') && this.tip) this.titleEl?.focus();
    if (changed.has('ref') && changed.get('ref') && this.tip && this.tip.ref !== this.ref) {
      // Next / previous: a new tip in the same element.
      this.tip = undefined;
      this.announcement = '';
      this.errors = {};
      this.noteText = '';
      this.forwardTo = '';
      this.forwardNote = '';
    }
  }

  private show(tip: StaffTip): void {
    this.tip = tip;
    this.answer = '';
    this.confirmRepeat = false;
    this.publicText = tip.description;
    this.assignee = tip.assignee?.id ?? '';
    this.nextStatus = '';
    this.reason = '';
  }

  private async drawMap(tip: StaffTip): Promise<void> {
    const lat = tip.location?.lat;
    const lng = tip.location?.lng;
    if (lat == null || lng == null) return;
    try {
      const { createMap } = await import('../core/map-view.ts');
      await this.updateComplete;
      if (!this.mapEl) return;
      this.handle?.destroy();
      this.handle = createMap(this.mapEl, { center: [lat, lng], zoom: 17, label: this.m('mapLabel'), locale: this.locale });
      this.handle.setPin({ lat, lng }, tip.ref);
    } catch (err) {
      console.warn('Bürgernah tips console: map failed', err);
    }
  }

  /** Runs one change; the answer replaces the shown tip, the live region says so. */
  private async run(kind: Busy, call: () => Promise<StaffTip>): Promise<void> {
    if (this.busy) return;
    this.busy = kind;
    this.errors = {};
    try {
      this.show(await call());
      this.announcement = this.m('saved');
    } catch (err) {
      this.errors = { [kind]: this.describe(err) };
    } finally {
      this.busy = '';
    }
  }

  private saveStatus(e: Event, repeat = false): void {
    e.preventDefault();
    const tip = this.tip!;
    const body: Record<string, unknown> = {};
    if (this.nextStatus) body.status = this.nextStatus;
    if (this.reason.trim()) body.reason = this.reason;
    const answer = this.answer.trim();
    if (answer) body.publicAnswer = answer;
    // The same answer again would reach the citizen twice: ask first.
    if (answer && answer === (tip.publicAnswer ?? '').trim() && !repeat) {
      this.confirmRepeat = true;
      return;
    }
    this.confirmRepeat = false;
    const parsed = v.safeParse(StaffTipUpdate, body);
    if (!parsed.success) {
      const reasonIssue = parsed.issues.some((i) => v.getDotPath(i) === 'reason');
      this.errors = reasonIssue ? { reason: this.m('reasonRequired') } : {};
      return;
    }
    void this.run('status', () => this.api!.update(tip.ref, parsed.output)).then(() => {
      if (answer && !this.errors.status) this.announcement = this.m('answerSent');
    });
  }

  private typeAnswer(text: string): void {
    this.answer = text;
    this.confirmRepeat = false;
  }

  private removeAnswer(): void {
    void this.run('answer', () => this.api!.update(this.tip!.ref, { publicAnswer: null })).then(() => {
      if (!this.errors.answer) this.announcement = this.m('answerRemoved');
    });
  }

  private togglePublish(): void {
    const tip = this.tip!;
    const body: StaffTipUpdate = { published: !tip.published };
    if (!tip.published && this.publicText.trim() && this.publicText !== tip.description) body.description = this.publicText;
    void this.run('publish', () => this.api!.update(tip.ref, body));
  }

  private assign(e: Event): void {
    e.preventDefault();
    void this.run('assign', () => this.api!.update(this.tip!.ref, { assignee: this.assignee || null }));
  }

  private addNote(e: Event): void {
    e.preventDefault();
    if (!this.noteText.trim()) {
      this.errors = { note: this.m('noteRequired') };
      return;
    }
    void this.run('note', async () => {
      const tip = await this.api!.note(this.tip!.ref, this.noteText);
      this.noteText = '';
      return tip;
    });
  }

  private async forward(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.forwardTo) {
      this.errors = { forward: this.m('forwardRequired') };
      return;
    }
    this.busy = 'forward';
    this.errors = {};
    try {
      const res = await this.api!.forward(this.tip!.ref, this.forwardTo, this.forwardNote);
      this.announcement = this.m('forwarded', { name: isolateText(res.tenant.name) });
      this.dispatchEvent(new Event('bn-close', { bubbles: true, composed: true }));
    } catch (err) {
      this.errors = { forward: this.describe(err) };
    } finally {
      this.busy = '';
    }
  }

  private useTemplate(id: string): void {
    const t = this.settings?.templates.find((x) => x.id === id);
    if (!t) return;
    const text = (this.locale === 'en' && t.text.en) || t.text.de;
    if (this.nextStatus === 'rejected') this.reason = text;
    else this.answer = text;
  }

  private eventText(ev: StaffTipEvent): string {
    if (ev.type === 'status' && ev.status) return this.m('ev_status', { status: this.m(`status_${ev.status}`) });
    return this.m(`ev_${ev.type}` as ConsoleTipsKey);
  }

  private actor(ev: StaffTipEvent): string {
    if (ev.actor === 'citizen') return this.m('citizen');
    if (ev.actor === 'system') return this.m('system');
    return ev.actorLabel ?? ev.actor;
  }

  private label(l: { de: string; en?: string }): string {
    return (this.locale === 'en' && l.en) || l.de;
  }

  private error(kind: Busy | 'reason') {
    return this.errors[kind] ? html`<p class="notice error" role="alert">${this.errors[kind]}</p>` : nothing;
  }

  private renderFacts(tip: StaffTip) {
    const cat = this.settings?.categories.find((c) => c.id === tip.category);
    const answers = Object.entries(tip.answers ?? {});
    return html`<section class="card" aria-labelledby="facts-h">
      <h4 id="facts-h">${this.m('details')}</h4>
      <dl class="facts">
        <dt>${this.m('status')}</dt><dd><span class="badge ${tip.status}">${this.m(`status_${tip.status}`)}</span></dd>
        <dt>${this.m('kind')}</dt><dd>${this.m(`kind_${tip.kind}`)}</dd>
        <dt>${this.m('category')}</dt><dd>${cat ? this.label(cat.label) : tip.category}</dd>
        <dt>${this.m('colCreated')}</dt><dd>${this.date(tip.createdAt)}</dd>
        <dt>${this.m('source')}</dt><dd>${this.m(`source_${tip.source}`)}${tip.forwardedFrom ? html`<br />${isolateParams((p) => this.m('forwardedFrom', p), { name: tip.forwardedFrom.name })}` : nothing}</dd>
        <dt>${this.m('colSupport')}</dt><dd>${tip.supportCount}</dd>
      </dl>
      <h4>${this.m('description')}</h4>
      <p class="pre">${isolate(tip.description)}</p>
      ${
        answers.length
          ? html`<h4>${this.m('answers')}</h4><dl class="facts">${answers.map(([k, val]) => html`<dt>${((q) => (q ? this.label(q.label) : k))(cat?.questions.find((q) => q.id === k))}</dt><dd>${isolate(String(val))}</dd>`)}</dl>`
          : nothing
      }
      <h4>${this.m('place')}</h4>
      ${
        tip.location
          ? html`<p>${isolate(tip.location.address)}${tip.location.lat != null ? html` <span class="muted">(${this.m('coords')}: ${tip.location.lat}, ${tip.location.lng})</span>` : nothing}</p>
            ${tip.location.lat != null ? html`<div class="map" part="map"></div>` : nothing}`
          : html`<p class="muted">${this.m('noPlace')}</p>`
      }
      ${
        tip.photos.length
          ? html`<h4>${this.m('photos')}</h4><div class="photos">${(this.photosTask.value ?? []).map((u, i) => (u ? html`<img src=${u} alt=${this.m('photoAlt', { n: i + 1 })} />` : nothing))}</div>`
          : nothing
      }
      <h4>${this.m('contact')}</h4>
      ${
        tip.personalDataDeletedAt
          ? html`<p class="muted">${this.m('personalDeleted', { date: this.date(tip.personalDataDeletedAt, false) })}</p>`
          : tip.contact && (tip.contact.name || tip.contact.email)
            ? html`<p>${isolate(tip.contact.name)}${tip.contact.email ? html`<br /><a href=${`mailto:${tip.contact.email}`}>${isolate(tip.contact.email)}</a>` : nothing}</p>
              ${tip.notify ? html`<p class="muted">${this.m('notifyOn')}</p>` : nothing}`
            : html`<p class="muted">${this.m('anonymous')}</p>`
      }
    </section>`;
  }

  private renderActions(tip: StaffTip) {
    const next = STATUS_TRANSITIONS[tip.status];
    const templates = (this.settings?.templates ?? []).filter((t) => t.status === (this.nextStatus || tip.status));
    const busy = (k: Busy) => (this.busy === k ? 'true' : 'false');
    const bind = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);
    return html`<form class="card" novalidate @submit=${this.saveStatus} aria-labelledby="st-h">
        <h4 id="st-h">${this.m('statusTitle')} / ${this.m('answerTitle')}</h4>
        <bn-select label=${this.m('newStatus')} .value=${this.nextStatus} placeholder=${this.m(`status_${tip.status}`)}
          .options=${next.map((s: TipStatus) => ({ value: s, label: this.m(`status_${s}`) }))} @change=${bind((v) => (this.nextStatus = v))}></bn-select>
        ${
          templates.length
            ? html`<bn-select label=${this.m('template')} placeholder=${this.m('templateNone')}
              .options=${templates.map((t) => ({ value: t.id, label: t.title }))} @change=${bind((v) => this.useTemplate(v))}></bn-select>`
            : nothing
        }
        ${
          this.nextStatus === 'rejected' || this.reason
            ? html`<bn-textarea label=${this.m('reason')} rows="3" maxlength="2000" ?required=${this.nextStatus === 'rejected'} .error=${this.errors.reason ?? ''}
              .value=${this.reason} @input=${bind((v) => (this.reason = v))}></bn-textarea>`
            : nothing
        }
        ${tip.publicAnswer ? this.renderSentAnswer(tip) : nothing}
        <bn-textarea label=${tip.publicAnswer ? this.m('answerNew') : this.m('answerLabel')} rows="4" maxlength="4000" .value=${this.answer}
          @input=${bind((v) => this.typeAnswer(v))}></bn-textarea>
        ${this.error('status')}
        ${
          this.confirmRepeat
            ? html`<div class="notice" role="alert">
              <p>${this.m('repeatAsk')}</p>
              <div class="row">
                <button type="button" class="primary" @click=${(e: Event) => this.saveStatus(e, true)}>${this.m('repeatYes')}</button>
                <button type="button" @click=${() => (this.confirmRepeat = false)}>${this.m('repeatNo')}</button>
              </div>
            </div>`
            : html`<button type="submit" class="primary" aria-disabled=${busy('status')}>${this.m('save')}</button>`
        }
      </form>
      <section class="card" aria-labelledby="pub-h">
        <h4 id="pub-h">${this.m('publishTitle')}</h4>
        <p>${tip.published ? this.m('isPublished') : this.m('notPublished')}</p>
        ${
          tip.published
            ? nothing
            : html`<bn-textarea label=${this.m('publicText')} hint=${this.m('publicTextHint')} rows="4" maxlength="4000" .value=${this.publicText} @input=${bind((v) => (this.publicText = v))}></bn-textarea>`
        }
        ${this.error('publish')}
        <button type="button" class=${tip.published ? '' : 'primary'} aria-disabled=${busy('publish')} @click=${this.togglePublish}>${tip.published ? this.m('unpublish') : this.m('publish')}</button>
      </section>
      <form class="card" novalidate @submit=${this.assign} aria-labelledby="as-h">
        <h4 id="as-h">${this.m('assignTitle')}</h4>
        <bn-select label=${this.m('assignee')} placeholder=${this.m('nobody')} .value=${this.assignee}
          .options=${(this.assigneesTask.value ?? []).map((a) => ({ value: a.id, label: isolateText(a.label) }))} @change=${bind((v) => (this.assignee = v))}></bn-select>
        ${this.error('assign')}
        <button type="submit" aria-disabled=${busy('assign')}>${this.m('assign')}</button>
      </form>
      <form class="card" novalidate @submit=${this.addNote} aria-labelledby="note-h">
        <h4 id="note-h">${this.m('noteTitle')}</h4>
        <bn-textarea label=${this.m('noteLabel')} rows="3" maxlength="4000" .value=${this.noteText} @input=${bind((v) => (this.noteText = v))}></bn-textarea>
        ${this.error('note')}
        <button type="submit" aria-disabled=${busy('note')}>${this.m('addNote')}</button>
      </form>
      <form class="card" novalidate @submit=${this.forward} aria-labelledby="fw-h">
        <h4 id="fw-h">${this.m('forwardTitle')}</h4>
        <p class="muted">${this.m('forwardHint')}</p>
        ${this.renderForward(busy('forward'), bind)}
      </form>`;
  }

  private renderSentAnswer(tip: StaffTip) {
    const sent = [...tip.events].reverse().find((e) => e.type === 'answer');
    return html`<div class="sent" part="sent-answer">
      <h5>${this.m('sentAnswer')}${sent ? html` <span class="muted">· ${this.m('sentAt', { date: this.date(sent.at) })}</span>` : nothing}</h5>
      <p class="pre">${isolate(tip.publicAnswer)}</p>
      ${this.error('answer')}
      <button type="button" class="small" aria-disabled=${this.busy === 'answer' ? 'true' : 'false'} @click=${this.removeAnswer}>${this.m('removeAnswer')}</button>
    </div>`;
  }

  private renderForward(busy: string, bind: (set: (v: string) => void) => (e: Event) => void) {
    const targets = this.targetsTask.value;
    if (targets && !targets.length) return html`<p>${this.m('forwardNone')}</p>`;
    return html`<bn-select label=${this.m('forwardTo')} placeholder=${this.m('forwardChoose')} .value=${this.forwardTo}
        .options=${(targets ?? []).map((t) => ({ value: t.slug, label: isolateText(t.name) }))} @change=${bind((v) => (this.forwardTo = v))}></bn-select>
      <bn-text-field label=${this.m('forwardNote')} .value=${this.forwardNote} @input=${bind((v) => (this.forwardNote = v))}></bn-text-field>
      ${this.error('forward')}
      <button type="submit" aria-disabled=${busy}>${this.m('forward')}</button>`;
  }

  private renderHistory(tip: StaffTip) {
    return html`<section class="card" aria-labelledby="hist-h">
      <h4 id="hist-h">${this.m('historyTitle')}</h4>
      <ol part="history" class="plain events">
        ${[...tip.events].reverse().map(
          (ev) => html`<li class=${ev.public ? '' : 'internal'}>
            <strong>${this.eventText(ev)}</strong>
            <span class="muted">· ${this.date(ev.at)} · ${isolateParams((p) => this.m('by', p), { who: this.actor(ev) })} · ${ev.public ? this.m('public') : this.m('internal')}</span>
            ${ev.text ? html`<p class="pre">${isolate(ev.text)}</p>` : nothing}
          </li>`,
        )}
      </ol>
    </section>`;
  }

  private stepTo(delta: 1 | -1): void {
    this.dispatchEvent(new BnStepEvent(delta));
  }

  override render() {
    const pos = this.position;
    const back = html`<nav class="row spread" aria-label=${this.m('tipNav')}>
      <button type="button" @click=${() => this.dispatchEvent(new Event('bn-close', { bubbles: true, composed: true }))}>← ${this.m('back')}</button>
      <div class="row">
        ${pos ? html`<span>${this.m('position', { i: pos.index + 1, n: pos.total })}</span>` : nothing}
        <button type="button" ?disabled=${!pos || pos.index <= 0} @click=${() => this.stepTo(-1)}>${this.m('prevTip')}</button>
        <button type="button" ?disabled=${!pos || pos.index >= pos.total - 1} @click=${() => this.stepTo(1)}>${this.m('nextTip')}</button>
      </div>
    </nav>`;
    return html`${back}
      <div class="visually-hidden" role="status">${this.announcement}</div>
      ${
        this.tip
          ? html`<article part="base" aria-labelledby="detail-title">
            <h3 id="detail-title" tabindex="-1" class="ref">${this.tip.ref}</h3>
            <div class="detail">
              <div>${this.renderFacts(this.tip)} ${this.renderHistory(this.tip)}</div>
              <div>${this.renderActions(this.tip)}</div>
            </div>
          </article>`
          : renderLoad(this.tipTask, { loading: this.m('loading'), retry: this.m('retry'), describe: (err) => this.describe(err), complete: () => nothing })
      }`;
  }
}
