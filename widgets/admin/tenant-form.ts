import { html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import * as v from 'valibot';
import { ApiProblem } from '../core/api-errors.ts';
import type { BnErrorSummary } from '../core/error-summary.ts';
import { AVAILABLE_MODULES, LANGUAGES, MODULES, TenantCreate, TenantUpdate } from '../../backend/admin/schema.ts';
import { AdminElement } from './shared.ts';
import { fieldErrors, type FieldErrors } from './field-errors.ts';
import type { AdminMessageKey } from './messages.ts';
import type { Tenant } from './types.ts';
import { isolateText } from '../core/bidi.ts';

export const MODULE_LABEL: Record<(typeof MODULES)[number], AdminMessageKey> = {
  tips: 'moduleTips',
  kita: 'moduleKita',
  jobs: 'moduleJobs',
  plans: 'modulePlans',
};

/** Fired after a tenant was created or saved. */
export class TenantSavedEvent extends Event {
  constructor(
    readonly tenant: Tenant,
    readonly created: boolean,
  ) {
    super('bn-admin-tenant-saved', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bn-admin-tenant-saved': TenantSavedEvent;
  }
}

/** Field order for the error summary. */
const FIELDS = [
  'slug',
  'name',
  'origins',
  'parent',
  'modules',
  'languages',
  'contactEmail',
  'privacyUrl',
  'accessibilityUrl',
  'tileUrl',
  'attribution',
  'maxZoom',
  'geocoderKind',
  'geocoderUrl',
  'enabled',
];

/**
 * @summary Create or edit a tenant: validated in the browser with the API's own valibot
 * schema (TenantCreate / TenantUpdate), then by the server; errors listed in a summary
 * whose links move focus to the field.
 *
 * @fires bn-admin-tenant-saved - The tenant was created or updated.
 * @fires bn-admin-cancel - The user cancelled creating a tenant.
 */
export class BnAdminTenantForm extends AdminElement {
  @query('form') private form!: HTMLFormElement;
  @query('bn-error-summary') private summary?: BnErrorSummary;

  @state() private errors: FieldErrors = {};
  @state() private failure = '';
  @state() private busy = false;

  /** The tenant being edited; without it the form creates one. */
  @property({ attribute: false }) tenant?: Tenant;
  /** All tenants, for the community (parent) choice. */
  @property({ attribute: false }) tenants: Tenant[] = [];

  private read(): Record<string, unknown> {
    const data = new FormData(this.form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const orNull = (name: string) => text(name) || null;
    const input: Record<string, unknown> = {
      name: text('name'),
      origins: text('origins')
        .split(/\s*\n\s*/)
        .map((s) => s.trim())
        .filter(Boolean),
      parent: orNull('parent'),
      modules: data.getAll('modules').map(String),
      // German is always on (a disabled checkbox is not in the form data).
      languages: ['de', ...data.getAll('languages').map(String)],
      contactEmail: orNull('contactEmail'),
      privacyUrl: orNull('privacyUrl'),
      accessibilityUrl: orNull('accessibilityUrl'),
      map: this.readMap(text),
    };
    if (this.tenant) input.enabled = data.get('enabled') === 'on';
    else input.slug = text('slug');
    return input;
  }

  /** The map settings of the form over the tenant's current ones (centre and zoom are kept). */
  private readMap(text: (name: string) => string): Record<string, unknown> {
    const map: Record<string, unknown> = { ...this.tenant?.map };
    map.tileUrl = text('tileUrl') || null;
    map.attribution = text('attribution');
    const zoom = text('maxZoom');
    if (zoom) map.maxZoom = /^\d+$/.test(zoom) ? Number(zoom) : zoom;
    else delete map.maxZoom;
    const kind = text('geocoderKind');
    map.geocoder = kind ? { kind, url: text('geocoderUrl') } : null;
    return map;
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy || !this.api) return;
    this.failure = '';
    const input = this.read();
    const parsed = this.tenant ? v.safeParse(TenantUpdate, input) : v.safeParse(TenantCreate, input);
    if (!parsed.success) {
      await this.showErrors(fieldErrors(this.locale, parsed.issues));
      return;
    }
    this.errors = {};
    this.summary?.clear();
    this.busy = true;
    try {
      const saved = this.tenant ? await this.api.updateTenant(this.tenant.slug, parsed.output as TenantUpdate) : await this.api.createTenant(parsed.output as TenantCreate);
      this.announce(this.tenant ? this.m('saved') : this.m('created', { name: isolateText(saved.name) }));
      this.dispatchEvent(new TenantSavedEvent(saved, !this.tenant));
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 422 && err.errors.length) {
        await this.showErrors(fieldErrors(this.locale, err.errors));
      } else if (err instanceof ApiProblem && err.status === 409 && !this.tenant) {
        await this.showErrors({ slug: this.m('errSlugTaken') });
      } else {
        this.checkSession(err);
        this.failure = this.describeError(err);
      }
    } finally {
      this.busy = false;
    }
  }

  private async showErrors(errors: FieldErrors): Promise<void> {
    this.errors = errors;
    await this.updateComplete;
    await this.summary?.show(FIELDS.flatMap((f) => (errors[f] ? [{ target: `f-${f}`, message: errors[f] }] : [])));
  }

  private field(
    name: string,
    label: AdminMessageKey,
    value: string,
    opts: { hint?: AdminMessageKey; type?: string; required?: boolean; autocomplete?: string; multiline?: boolean; inputmode?: string } = {},
  ): TemplateResult {
    const error = this.errors[name] ?? '';
    const describedBy = [opts.hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
    const common = {
      id: `f-${name}`,
      invalid: error ? 'true' : 'false',
    };
    return html`<div class="field">
      <label for=${common.id}>${this.m(label)}</label>
      ${opts.hint ? html`<span class="hint" id="${name}-hint">${this.m(opts.hint)}</span>` : nothing}
      ${
        opts.multiline
          ? html`<textarea
            id=${common.id}
            name=${name}
            rows="3"
            spellcheck="false"
            .value=${value}
            aria-invalid=${common.invalid}
            aria-describedby=${ifDefined(describedBy)}
          ></textarea>`
          : html`<input
            id=${common.id}
            name=${name}
            type=${opts.type ?? 'text'}
            inputmode=${ifDefined(opts.inputmode)}
            .value=${value}
            ?required=${opts.required}
            autocomplete=${opts.autocomplete ?? 'off'}
            aria-invalid=${common.invalid}
            aria-describedby=${ifDefined(describedBy)}
          />`
      }
      <span class="error" id="${name}-error">${error}</span>
    </div>`;
  }

  private renderMap(t: Tenant | undefined): TemplateResult {
    const g = t?.map.geocoder;
    const error = this.errors.geocoderKind ?? '';
    return html`<fieldset class="map">
      <legend>${this.m('fieldMap')}</legend>
      ${this.field('tileUrl', 'fieldTileUrl', t?.map.tileUrl ?? '', { type: 'url', hint: 'hintTileUrl' })}
      ${this.field('attribution', 'fieldAttribution', t?.map.attribution ?? '', { hint: 'hintAttribution' })}
      ${this.field('maxZoom', 'fieldMaxZoom', t?.map.maxZoom === undefined ? '' : String(t.map.maxZoom), { hint: 'hintMaxZoom', inputmode: 'numeric' })}
      <div class="field">
        <label for="f-geocoderKind">${this.m('fieldGeocoderKind')}</label>
        <select id="f-geocoderKind" name="geocoderKind" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${ifDefined(error ? 'geocoderKind-error' : undefined)}>
          <option value="" ?selected=${!g}>${this.m('geocoderNone')}</option>
          <option value="photon" ?selected=${g?.kind === 'photon'}>${this.m('geocoderPhoton')}</option>
          <option value="nominatim" ?selected=${g?.kind === 'nominatim'}>${this.m('geocoderNominatim')}</option>
        </select>
        <span class="error" id="geocoderKind-error">${error}</span>
      </div>
      ${this.field('geocoderUrl', 'fieldGeocoderUrl', g?.url ?? '', { type: 'url', hint: 'hintGeocoderUrl' })}
    </fieldset>`;
  }

  override render() {
    const t = this.tenant;
    const parents = this.tenants.filter((p) => p.parent === null && p.slug !== t?.slug);
    // The modules that exist (a new tenant gets them all), and any other the tenant still holds.
    const offered = MODULES.filter((m) => AVAILABLE_MODULES.includes(m) || t?.modules.includes(m));
    return html`<form novalidate @submit=${this.onSubmit} aria-busy=${this.busy ? 'true' : 'false'}>
      <bn-error-summary heading=${this.m('errorSummary')} level=${this.tenant ? 4 : 3}></bn-error-summary>
      <div role="alert">${this.failure ? html`<p class="notice error">${this.failure}</p>` : nothing}</div>
      ${t ? nothing : this.field('slug', 'fieldSlug', '', { hint: 'hintSlug', required: true })}
      ${this.field('name', 'fieldName', t?.name ?? '', { hint: 'hintName', required: true, autocomplete: 'organization' })}
      ${this.field('origins', 'fieldOrigins', t?.origins.join('\n') ?? '', { hint: 'hintOrigins', multiline: true })}
      <div class="field">
        <label for="f-parent">${this.m('fieldParent')}</label>
        <span class="hint" id="parent-hint">${this.m('hintParent')}</span>
        <select
          id="f-parent"
          name="parent"
          aria-describedby="parent-hint${this.errors.parent ? ' parent-error' : ''}"
          aria-invalid=${this.errors.parent ? 'true' : 'false'}
        >
          <option value="" ?selected=${!t?.parent}>${this.m('noParent')}</option>
          ${parents.map((p) => html`<option value=${p.slug} ?selected=${t?.parent === p.slug}>${isolateText(p.name)} (${p.slug})</option>`)}
        </select>
        <span class="error" id="parent-error">${this.errors.parent ?? ''}</span>
      </div>
      <fieldset>
        <legend>${this.m('fieldModules')}</legend>
        ${offered.map(
          (mod) => html`<label class="check"
            ><input type="checkbox" name="modules" id=${ifDefined(mod === offered[0] ? 'f-modules' : undefined)} value=${mod} .checked=${t ? t.modules.includes(mod) : true} />
            ${this.m(MODULE_LABEL[mod])}</label
          >`,
        )}
      </fieldset>
      <fieldset aria-describedby="languages-hint">
        <legend>${this.m('fieldLanguages')}</legend>
        <span class="hint" id="languages-hint">${this.m('hintLanguages')}</span>
        ${LANGUAGES.map(
          (lang) => html`<label class="check"
            ><input
              type="checkbox"
              name="languages"
              id=${ifDefined(lang === 'en' ? 'f-languages' : undefined)}
              value=${lang}
              .checked=${lang === 'de' || (t ? t.languages.includes(lang) : true)}
              ?disabled=${lang === 'de'}
            />
            ${this.m(lang === 'de' ? 'langDe' : 'langEn')}</label
          >`,
        )}
        <span class="error" id="languages-error">${this.errors.languages ?? ''}</span>
      </fieldset>
      ${this.field('contactEmail', 'fieldContact', t?.contactEmail ?? '', { type: 'email', autocomplete: 'email' })}
      ${this.field('privacyUrl', 'fieldPrivacy', t?.privacyUrl ?? '', { type: 'url', hint: 'hintUrl' })}
      ${this.field('accessibilityUrl', 'fieldAccessibility', t?.accessibilityUrl ?? '', { type: 'url', hint: 'hintUrl' })}
      ${this.renderMap(t)}
      ${
        t
          ? html`<div class="field">
            <label class="check"
              ><input type="checkbox" name="enabled" id="f-enabled" .checked=${t.enabled} aria-describedby="enabled-hint" />
              ${this.m('fieldEnabled')}</label
            >
            <span class="hint" id="enabled-hint">${this.m('hintEnabled')}</span>
          </div>`
          : nothing
      }
      <div class="row">
        <button class="primary" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>
          ${this.busy ? this.m('saving') : t ? this.m('save') : this.m('create')}
        </button>
        ${
          t
            ? nothing
            : html`<button type="button" @click=${() => this.dispatchEvent(new Event('bn-admin-cancel', { bubbles: true, composed: true }))}>
              ${this.m('cancel')}
            </button>`
        }
      </div>
    </form>`;
  }
}
