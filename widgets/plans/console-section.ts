import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import type { ImportAnswer, ParticipationState, PlanSummary, StaffPlanDetail, StaffStatement } from '../../backend/plans/schema.ts';
import { DECISIONS, minimumEnd } from '../../backend/plans/schema.ts';
import { ApiProblem, type ApiClient } from '../core/api-client.ts';
import { problemFromBody } from '../core/api-errors.ts';
import { BnElement } from '../core/base-element.ts';
import { isolate } from '../core/bidi.ts';
import { apiClientContext } from '../core/context.ts';
import { formatDate, type Params } from '../core/i18n.ts';
import { saveBlob } from '../core/download.ts';
import { renderLoad } from '../core/task-view.ts';
import { SessionEndEvent } from '../core/staff-context.ts';
import { consolePlansMessages, type ConsolePlansKey } from './console-messages.ts';

type Form = Record<string, string>;

/**
 * @tag bn-console-plans
 * @summary The staff's Bauleitplanung inside `<bn-console>`: import (publish now or later,
 * replace only when asked), publish or withdraw plans, open the publication period with the
 * legal minimum shown, work through the statements (tags, Abwägungsvorschlag, decision), enter
 * paper or late statements, export the Abwägungstabelle, send result notices, and copy the
 * Bekanntmachung.
 *
 * @csspart table - The plan table.
 * @csspart period - The period form.
 * @csspart statement - One statement card.
 * @fires bn-session-end - A call was answered 401: the console returns to sign-in.
 */
export class BnConsolePlans extends BnElement {
  static override styles = [
    ...BnElement.styles,
    css`
      :host { display: block; }
      .table-wrap { overflow-x: auto; }
      table { border-collapse: collapse; inline-size: 100%; }
      th, td { text-align: start; vertical-align: top; padding: 0.35em 0.5em; border-block-end: 1px solid #ccc; }
      .card { border: 1px solid #767676; border-radius: 4px; padding: 1rem; margin-block: 0.75rem; }
      .row { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: center; }
      .muted { color: #555; }
      .notice { border-inline-start: 4px solid #0b4f8a; padding: 0.5em 0.75em; background: #f3f6fa; }
      .notice.error { border-color: #b00020; }
      pre { white-space: pre-wrap; background: #f6f6f6; padding: 0.75em; border-radius: 4px; max-inline-size: 100%; overflow-wrap: anywhere; }
      button { font: inherit; min-block-size: 2.75rem; padding: 0.3em 0.9em; border: 2px solid #0b4f8a; background: #fff; color: #0b4f8a; border-radius: 4px; cursor: pointer; }
      button.primary { background: #0b4f8a; color: #fff; }
      button.link { border: 0; background: none; padding: 0; text-decoration: underline; text-align: start; }
      button:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0 1rem; }
      p.text { white-space: pre-line; }
    `,
  ];

  @consume({ context: apiClientContext, subscribe: true })
  @state()
  protected client?: ApiClient;

  @state() private open = '';
  @state() private message = '';
  @state() private error = '';
  @state() private replaceAsk = '';
  @state() private period: Form = {};
  @state() private periodId = '';
  @state() private announcement = '';
  private pendingImport?: { file: File; publish: boolean };

  private readonly listTask = new Task(this, {
    task: async ([client], { signal }) => (client ? client.get<{ items: PlanSummary[]; total: number }>('/v1/staff/plans', { signal, query: { pageSize: 100 } }) : undefined),
    args: () => [this.client] as const,
  });

  private readonly planTask = new Task(this, {
    task: async ([client, id, periodId], { signal }) => {
      if (!client || !id) return undefined;
      const base = `/v1/staff/plans/${id}`;
      const [plan, participation] = await Promise.all([client.get<StaffPlanDetail>(base, { signal }), client.get<ParticipationState>(`${base}/participation`, { signal })]);
      const current = periodId || participation.current?.id || '';
      const statements = current ? (await client.get<{ items: StaffStatement[] }>(`${base}/statements`, { signal, query: { period: current } })).items : [];
      return { plan, participation, statements, current };
    },
    args: () => [this.client, this.open, this.periodId] as const,
  });

  private m(key: ConsolePlansKey, params?: Params): string {
    return consolePlansMessages.t(this.locale, key, params);
  }

  private day(d: string): string {
    return formatDate(this.locale, `${d}T12:00:00Z`, { dateStyle: 'medium', timeZone: 'Europe/Berlin' });
  }

  private fail(err: unknown): void {
    if (!(err instanceof ApiProblem)) this.error = this.m('offline');
    else if (err.status === 401) {
      this.dispatchEvent(new SessionEndEvent());
      this.error = this.m('sessionEnded');
    } else this.error = this.m('failed', { why: err.errors[0]?.message || err.detail || err.title });
  }

  private async run(fn: () => Promise<unknown>, done?: string): Promise<void> {
    this.error = '';
    this.message = '';
    try {
      await fn();
      if (done) this.message = done;
    } catch (err) {
      this.fail(err);
    }
  }

  /** A raw request (multipart, or a file to download) with the console's credentials. */
  private async raw(method: string, path: string, body?: FormData): Promise<Response> {
    const c = this.client!;
    const res = await fetch(c.url(path), { method, body, headers: c.authHeaders(), credentials: c.credentials, mode: 'cors' });
    if (!res.ok) {
      const data = await res.json().catch(() => ({}));
      throw problemFromBody(res.status, data as Record<string, unknown>, undefined, res.statusText);
    }
    return res;
  }

  private async importFile(e: Event, replace = false): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const input = form.querySelector<HTMLInputElement>('input[type=file]');
    const file = replace ? this.pendingImport?.file : input?.files?.[0];
    const publish = replace ? !!this.pendingImport?.publish : !!form.querySelector<HTMLInputElement>('input[name=publish]')?.checked;
    if (!file) return;
    this.replaceAsk = '';
    await this.run(async () => {
      const fd = new FormData();
      fd.append('file', file);
      fd.append('publish', String(publish));
      if (replace) fd.append('replace', 'true');
      try {
        const answer = (await (await this.raw('POST', '/v1/staff/plans/import', fd)).json()) as ImportAnswer;
        this.message = this.m('imported', { names: answer.items.map((i) => i.name).join(', ') });
        this.listTask.run();
      } catch (err) {
        if (err instanceof ApiProblem && err.code === 'PLAN_REPLACE_CONFIRM') {
          this.pendingImport = { file, publish };
          this.replaceAsk = err.detail ?? err.title;
          return;
        }
        throw err;
      }
    });
  }

  private async setPublished(p: { id: string }, published: boolean): Promise<void> {
    await this.run(async () => {
      await this.client!.send('PATCH', `/v1/staff/plans/${p.id}`, { published });
      this.listTask.run();
      if (this.open) this.planTask.run();
    });
  }

  private async savePeriod(e: Event): Promise<void> {
    e.preventDefault();
    const f = this.period;
    await this.run(async () => {
      await this.client!.send('PUT', `/v1/staff/plans/${this.open}/participation`, {
        start: f.start ?? '',
        end: f.end ?? '',
        newPeriod: f.newPeriod === 'true',
        webAddress: f.webAddress || null,
        otherAccess: f.otherAccess || null,
        environmental: (f.environmental ?? '')
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
      });
      this.periodId = '';
      this.planTask.run();
      this.listTask.run();
    }, this.m('saved'));
  }

  private async saveStatement(e: Event, s: StaffStatement): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    await this.run(async () => {
      await this.client!.send('PATCH', `/v1/staff/plans/${this.open}/statements/${s.ref}`, {
        tags: String(data.get('tags') ?? '')
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        proposal: String(data.get('proposal') ?? '') || null,
        decision: (data.get('decision') as string) || null,
      });
      this.planTask.run();
    }, this.m('saved'));
  }

  private async addStatement(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    await this.run(async () => {
      await this.client!.send('POST', `/v1/staff/plans/${this.open}/statements`, {
        text: String(data.get('text') ?? ''),
        receivedOn: String(data.get('receivedOn') ?? ''),
        channel: String(data.get('channel') ?? 'paper'),
        name: String(data.get('name') ?? ''),
      });
      form.reset();
      this.planTask.run();
    }, this.m('saved'));
  }

  private async download(kind: 'xlsx' | 'html', periodId: string): Promise<void> {
    await this.run(async () => {
      const res = await this.raw('GET', `/v1/staff/plans/${this.open}/statements/export.${kind}?period=${periodId}`);
      saveBlob(await res.blob(), `Abwaegungstabelle.${kind}`, this.shadowRoot);
    });
  }

  private async notify(periodId: string): Promise<void> {
    await this.run(async () => {
      const r = await this.client!.send<{ sent: number; byPost: { ref: string; name: string }[]; undecided: number }>('POST', `/v1/staff/plans/${this.open}/statements/notify`, { period: periodId });
      this.message = this.m('notified', { sent: r.sent, post: r.byPost.map((b) => `${b.name} (${b.ref})`).join(', ') || '–', open: r.undecided });
      this.planTask.run();
    });
  }

  private async loadAnnouncement(periodId: string): Promise<void> {
    await this.run(async () => {
      const a = await this.client!.get<{ text: string }>(`/v1/staff/plans/${this.open}/announcement`, { query: { period: periodId } });
      this.announcement = a.text;
    });
  }

  private loadText() {
    return { loading: this.t('loading'), retry: this.t('retry'), describe: (err: unknown) => (err instanceof ApiProblem ? (err.detail ?? err.title) : this.m('offline')) };
  }

  private renderList() {
    return html`<form class="card" @submit=${(e: Event) => this.importFile(e)}>
        <h3>${this.m('import')}</h3>
        <div class="row">
          <label>${this.m('importFile')} <input type="file" name="file" accept=".gml,.xml,.zip" required /></label>
          <label><input type="checkbox" name="publish" /> ${this.m('importPublish')}</label>
          <button class="primary" type="submit">${this.m('importButton')}</button>
        </div>
        ${
          this.replaceAsk
            ? html`<div class="notice" role="alert"><p>${this.replaceAsk}</p>
          <button type="button" @click=${(e: Event) => this.importFile(Object.assign(e, { target: (e.target as HTMLElement).closest('form') }), true)}>${this.m('replaceButton')}</button></div>`
            : nothing
        }
      </form>
      <h3>${this.m('plans')}</h3>
      ${renderLoad(this.listTask, { ...this.loadText(), keepStale: true, complete: (list) => this.renderPlans(list?.items ?? []) })}`;
  }

  private renderPlans(items: PlanSummary[]) {
    return items.length
      ? html`<div class="table-wrap"><table part="table">
            <thead><tr><th scope="col">${this.m('colPlan')}</th><th scope="col">${this.m('colStage')}</th><th scope="col">${this.m('colPeriod')}</th><th scope="col">${this.m('colPublic')}</th></tr></thead>
            <tbody>${items.map(
              (p) => html`<tr>
              <th scope="row"><button type="button" class="link" @click=${() => {
                this.open = p.id;
                this.periodId = '';
                this.announcement = '';
              }}>${isolate(p.title)}</button>
                <span class="muted">${p.kindLabel}${p.nummer ? ` ${p.nummer}` : ''}</span></th>
              <td>${p.rechtsstand?.label ?? '–'}</td>
              <td>${p.participation?.start && p.participation.end && p.participation.source === 'staff' ? `${this.day(p.participation.start)} – ${this.day(p.participation.end)}` : '–'}</td>
              <td>${p.published ? this.m('published') : this.m('unpublished')}
                <button type="button" @click=${() => this.setPublished(p, !p.published)} aria-label=${`${p.published ? this.m('unpublish') : this.m('publish')}: ${p.title}`}>${p.published ? this.m('unpublish') : this.m('publish')}</button></td>
            </tr>`,
            )}</tbody></table></div>`
      : html`<p>${this.m('none')}</p>`;
  }

  private renderPlan(d: { plan: StaffPlanDetail; participation: ParticipationState; statements: StaffStatement[]; current: string }) {
    const { plan, participation, statements, current } = d;
    const cur = participation.current;
    const f = this.period;
    const start = f.start ?? cur?.start ?? '';
    const set = (k: string) => (e: Event) => (this.period = { ...this.period, [k]: (e.target as HTMLInputElement).value });
    return html`<p><button type="button" class="link" @click=${() => {
      this.open = '';
      this.period = {};
    }}>← ${this.m('back')}</button></p>
      <h3>${isolate(plan.title)}</h3>
      <p class="muted">${plan.kindLabel}${plan.nummer ? ` ${plan.nummer}` : ''} · ${plan.rechtsstand?.label ?? '–'} · ${plan.published ? this.m('published') : this.m('unpublished')}
        <button type="button" @click=${() => this.setPublished(plan, !plan.published)}>${plan.published ? this.m('unpublish') : this.m('publish')}</button></p>
      <form class="card" part="period" @submit=${(e: Event) => this.savePeriod(e)}>
        <h4>${this.m('participation')}</h4>
        <div class="grid">
          <bn-date-field name="start" label=${this.m('start')} required .value=${start} @change=${set('start')}></bn-date-field>
          <bn-date-field name="end" label=${this.m('end')} required .value=${f.end ?? cur?.end ?? ''} @change=${set('end')}></bn-date-field>
        </div>
        ${/^\d{4}-\d{2}-\d{2}$/.test(start) ? html`<p class="muted">${this.m('minEnd', { date: this.day(minimumEnd(start)) })}</p>` : nothing}
        <bn-text-field name="webAddress" label=${this.m('webAddress')} .value=${f.webAddress ?? cur?.webAddress ?? ''} @input=${set('webAddress')}></bn-text-field>
        <bn-text-field name="otherAccess" label=${this.m('otherAccess')} .value=${f.otherAccess ?? cur?.otherAccess ?? ''} @input=${set('otherAccess')}></bn-text-field>
        <bn-textarea name="environmental" label=${this.m('environmental')} rows="3" .value=${f.environmental ?? cur?.environmental.join('\n') ?? ''} @input=${set('environmental')}></bn-textarea>
        ${cur ? html`<bn-checkbox name="newPeriod" .checked=${f.newPeriod === 'true'} @change=${(e: Event) => (this.period = { ...this.period, newPeriod: String((e.target as HTMLInputElement).checked) })}>${this.m('newPeriod')}</bn-checkbox>` : nothing}
        <button class="primary" type="submit">${this.m('savePeriod')}</button>
      </form>
      ${
        participation.periods.length
          ? html`<h4>${this.m('periods')}</h4>
        <ul>${participation.periods.map(
          (p) => html`<li>
          <button type="button" class="link" aria-pressed=${p.id === current ? 'true' : 'false'} @click=${() => (this.periodId = p.id)}>${this.m('periodLine', { seq: p.seq, start: this.day(p.start), end: this.day(p.end), v: p.planVersion })}</button>
          · ${this.m('statementsOf', { n: p.statementCount })}</li>`,
        )}</ul>
        <div class="row">
          <button type="button" @click=${() => this.download('xlsx', current)}>${this.m('exportXlsx')}</button>
          <button type="button" @click=${() => this.download('html', current)}>${this.m('exportHtml')}</button>
          <button type="button" @click=${() => this.notify(current)}>${this.m('notify')}</button>
          <button type="button" @click=${() => this.loadAnnouncement(current)}>${this.m('announcement')}</button>
        </div>
        ${this.announcement ? html`<h5>${this.m('announcement')}</h5><pre>${this.announcement}</pre>` : nothing}
        <h4>${this.m('statements')}</h4>
        ${statements.length ? statements.map((s) => this.renderStatement(s)) : html`<p>${this.m('noStatements')}</p>`}
        <form class="card" @submit=${(e: Event) => this.addStatement(e)}>
          <h5>${this.m('paper')}</h5>
          <div class="grid">
            <bn-date-field name="receivedOn" label=${this.m('receivedOn')} required></bn-date-field>
            <bn-select name="channel" label=${this.m('channel')} required value="paper"
              .options=${(['paper', 'letter', 'email', 'minutes'] as const).map((c) => ({ value: c, label: this.m(`channel_${c}`) }))}></bn-select>
          </div>
          <bn-text-field name="name" label=${this.m('name')}></bn-text-field>
          <bn-textarea name="text" label=${this.m('text')} required rows="4"></bn-textarea>
          <button type="submit">${this.m('add')}</button>
        </form>`
          : nothing
      }`;
  }

  private renderStatement(s: StaffStatement) {
    return html`<form class="card" part="statement" aria-label=${s.ref} @submit=${(e: Event) => this.saveStatement(e, s)}>
      <h5>${s.ref} · ${s.name ? isolate(s.name) : this.m('anonymous')} · ${this.day(s.receivedOn)}${s.late ? html` · <strong>${this.m('late')}</strong>` : nothing}</h5>
      ${s.place || s.outsideArea ? html`<p class="muted">${s.place ? isolate(s.place) : nothing}${s.outsideArea ? ` (${this.m('outside')})` : ''}</p>` : nothing}
      <p class="text">${isolate(s.text)}</p>
      <bn-text-field name="tags" label=${this.m('tags')} .value=${s.tags.join(', ')}></bn-text-field>
      <bn-textarea name="proposal" label=${this.m('proposal')} rows="3" .value=${s.proposal ?? ''}></bn-textarea>
      <bn-select name="decision" label=${this.m('decision')} placeholder=${this.m('decisionNone')} .value=${s.decision ?? ''}
        .options=${DECISIONS.map((d) => ({ value: d, label: this.m(`decision_${d}`) }))}></bn-select>
      <button type="submit">${this.m('save')}</button>
    </form>`;
  }

  override render() {
    return html`${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
      <p role="status">${this.message}</p>
      ${this.open ? renderLoad(this.planTask, { ...this.loadText(), keepStale: true, complete: (d) => (d ? this.renderPlan(d) : nothing) }) : this.renderList()}`;
  }
}
