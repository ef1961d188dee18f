// The roles of a person as form controls: the tenant's duties as checkboxes, each module as
// a choice none / read-only / clerk. Used by the users-and-roles form of both consoles.
import { html, nothing } from 'lit';
import type { Locale } from './i18n.ts';
import { TENANT_DUTIES, moduleLevel, moduleText, roleText } from './roles.ts';
import type { StaffMessageKey } from './staff-messages.ts';

export interface RolePickerOptions {
  locale: Locale;
  /** The roles the person holds now. */
  roles: readonly string[];
  /** The modules the tenant offers. */
  modules: readonly string[];
  error?: string;
  s: (key: StaffMessageKey) => string;
}

/** Fieldsets whose first control has the id `roles-first` (the error summary links to it). */
export function renderRolePicker({ locale, roles, modules, error, s }: RolePickerOptions) {
  return html`<fieldset aria-describedby="roles-error">
      <legend>${s('rolesLegend')}</legend>
      <span class="error" id="roles-error">${error ?? ''}</span>
      ${TENANT_DUTIES.map(
        (d, i) => html`<label class="check">
          <input type="checkbox" name="duty" value=${d} id=${i === 0 ? 'roles-first' : `duty-${d}`} .checked=${roles.includes(d)} />
          ${roleText(locale, d)}
        </label>`,
      )}
    </fieldset>
    ${
      modules.length
        ? html`<fieldset>
          <legend>${s('modulesLegend')}</legend>
          ${modules.map((m) => {
            const level = moduleLevel(roles, m);
            return html`<fieldset>
              <legend>${moduleText(locale, m)}</legend>
              <div class="levels">
                ${(['none', 'read', 'clerk'] as const).map(
                  (l) => html`<label class="check">
                    <input type="radio" name="level-${m}" value=${l} .checked=${level === l} />
                    ${s(l === 'none' ? 'levelNone' : l === 'read' ? 'levelRead' : 'levelClerk')}
                  </label>`,
                )}
              </div>
            </fieldset>`;
          })}
        </fieldset>`
        : nothing
    }`;
}

/** The role list a submitted picker stands for. */
export function rolesFromForm(data: FormData, modules: readonly string[]): string[] {
  const roles = data.getAll('duty').map(String);
  for (const m of modules) {
    const level = data.get(`level-${m}`);
    if (level === 'clerk') roles.push(m);
    else if (level === 'read') roles.push(`${m}:read`);
  }
  return roles;
}
