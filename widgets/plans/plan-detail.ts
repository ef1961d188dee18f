import { html, nothing, type TemplateResult } from 'lit';
import type { PlanDetail } from '../../backend/plans/schema.ts';
import { berlinToday } from '../../backend/core/time.ts';
import { isolate } from '../core/bidi.ts';
import { formatNumber, type Locale, type Params } from '../core/i18n.ts';
import { permalink } from '../core/permalink.ts';
import { formatBytes } from '../core/units.ts';
import type { PlansApi } from './api.ts';
import { colorKeyOf, PLAN_COLORS } from './colors.ts';
import { planDocuments } from './documents.ts';
import type { PlansMessageKey } from './messages.ts';
import type { PlanFeature } from './plan-map.ts';

// The detail view of <bn-plan-viewer>: one plan's facts, map container, legend, contents as a
// table (the map's text alternative), documents and timeline. Drawn into the viewer's shadow
// root; the viewer keeps the state (selection, map) and the statement form.

export const PARAM = 'bn-plan';
const FIGURES = ['GRZ', 'GFZ', 'Z', 'bauweise', 'hoehe'] as const;

/** What the detail view reads from the viewer, and what it asks of it. */
export interface DetailContext {
  locale: Locale;
  m: (key: PlansMessageKey, params?: Params) => string;
  /** A heading `offset` levels below the widget's top level. */
  hd: (offset: number, content: unknown, opts?: { id?: string; focus?: boolean }) => TemplateResult;
  /** A calendar day as Berlin reads it, long. */
  day: (d: string) => string;
  /** The feature selected on the map or in the table. */
  selected: string;
  mapFailed: boolean;
  select: (id: string, fromTable: boolean) => void;
  /** Back to the list. */
  back: () => void;
  focusStatement: () => void;
  /** The statement form (or its receipt) while the publication period runs. */
  statement: (plan: PlanDetail) => TemplateResult;
}

/** A feature's figures in the order of the table's columns (GRZ, GFZ, storeys, Bauweise, height); '–' where the plan has none. */
function figures(locale: Locale, attrs: Record<string, unknown> | undefined): string[] {
  const a = attrs ?? {};
  const n = (v: unknown) => (typeof v === 'number' ? formatNumber(locale, v) : '–');
  return [n(a.GRZ ?? a.GRZmax), n(a.GFZ ?? a.GFZmax), n(a.Z ?? a.Zmax ?? a.Zzwingend), typeof a.bauweise === 'string' ? a.bauweise : '–', typeof a.hoehe === 'number' ? `${n(a.hoehe)} m` : '–'];
}

function renderContents(c: DetailContext, plan: PlanDetail): TemplateResult {
  const features = plan.contents.features as PlanFeature[];
  const place = plan.gemeinde
    .map((g) => [g.name, g.ortsteil].filter(Boolean).join(', '))
    .filter(Boolean)
    .join('; ');
  const area = c.m('areaHa', { n: formatNumber(c.locale, plan.areaM2 / 10_000, { maximumFractionDigits: 2 }) });
  return html`${c.hd(1, c.m('textAlternative'), { id: 'contents' })}
    <p>${place ? c.m('areaWords', { area, place }) : c.m('areaWordsNoPlace', { area })}</p>
    ${
      features.length
        ? html`<div class="table-wrap" part="contents" tabindex="0" role="region" aria-label=${c.m('textAlternative')}><table>
          <thead><tr>${(['colContent', 'colGRZ', 'colGFZ', 'colStoreys', 'colBauweise', 'colHeight'] as const).map((k) => html`<th scope="col">${c.m(k)}</th>`)}<th scope="col"><span class="muted">${c.m('map')}</span></th></tr></thead>
          <tbody>${features.map((f) => {
            const sel = c.selected === f.properties.id;
            return html`<tr data-id=${f.properties.id} class=${sel ? 'selected' : ''}>
              <th scope="row">${isolate(f.properties.label)}</th>
              ${figures(c.locale, f.properties.attrs).map((v) => html`<td>${v}</td>`)}
              <td><button type="button" aria-pressed=${sel ? 'true' : 'false'} aria-label=${`${sel ? c.m('shownOnMap') : c.m('showOnMap')}: ${f.properties.label}`}
                @click=${() => c.select(f.properties.id, true)}>${sel ? c.m('shownOnMap') : c.m('showOnMap')}</button></td>
            </tr>`;
          })}</tbody></table></div>`
        : html`<p>${c.m('noContents')}</p>`
    }`;
}

function renderLegend(c: DetailContext, plan: PlanDetail): TemplateResult {
  return html`${c.hd(1, c.m('legend'))}
    <ul class="plain" part="legend">
      <li><span class="swatch outline c-geltungsbereich" aria-hidden="true"></span>${c.m('outline')}</li>
      ${plan.contents.legend.map((l) => {
        const key = colorKeyOf(l.category, l.label);
        return html`<li data-color=${PLAN_COLORS[key]}><span class=${`swatch c-${key}`} aria-hidden="true"></span>${isolate(l.label)} <span class="muted">(${formatNumber(c.locale, l.count)})</span></li>`;
      })}
    </ul>`;
}

function renderDocuments(c: DetailContext, plan: PlanDetail, api: PlansApi): TemplateResult {
  const docs = planDocuments(plan, (href) => api.fileUrl(href));
  return html`${c.hd(1, c.m('documents'))}
    ${
      docs.length
        ? html`<ul>${docs.map(
            (d) => html`<li><a href=${d.href} target="_blank" rel="noopener">${isolate(d.name)}</a>
          <span class="muted">${[d.type, d.size != null ? formatBytes(c.locale, d.size) : d.external ? c.m('docExternal') : ''].filter(Boolean).join(' · ')}</span></li>`,
          )}</ul>`
        : html`<p>${c.m('noDocuments')}</p>`
    }`;
}

function renderTimeline(c: DetailContext, plan: PlanDetail): TemplateResult {
  const entries = [
    ...plan.dates.map((d) => ({ date: d.date, text: d.label })),
    ...plan.periods.filter((p) => p.start).map((p) => ({ date: p.start!, text: `${p.label}${p.end ? ` – ${c.day(p.end)}` : ''}` })),
  ];
  if (plan.participation?.source === 'staff' && plan.participation.start) {
    entries.push({ date: plan.participation.start, text: `${c.m('periodPublic')}${plan.participation.end ? ` – ${c.day(plan.participation.end)}` : ''}` });
  }
  entries.sort((a, b) => a.date.localeCompare(b.date));
  return html`${c.hd(1, c.m('timeline'))}
    ${entries.length ? html`<ol class="timeline">${entries.map((e) => html`<li><time datetime=${e.date}>${c.day(e.date)}</time>: ${e.text}</li>`)}</ol>` : html`<p>${c.m('noDates')}</p>`}`;
}

export function renderPlanDetail(c: DetailContext, plan: PlanDetail, api: PlansApi): TemplateResult {
  const part = plan.participation;
  const sel = (plan.contents.features as PlanFeature[]).find((f) => f.properties.id === c.selected);
  const today = berlinToday();
  const link = permalink(PARAM, plan.id);
  return html`<p><a href="#" @click=${(e: Event) => {
    e.preventDefault();
    c.back();
  }}>← ${c.m('back')}</a></p>
    ${c.hd(0, isolate(plan.title), { focus: true })}
    ${plan.summary ? html`<p>${isolate(plan.summary)}</p>` : nothing}
    ${
      part?.statements && part.end
        ? html`<p class="notice"><span class="badge">${c.m('openNow')}</span> ${c.m('openUntil', { date: c.day(part.end) })} · <a href="#statement" @click=${(e: Event) => {
            e.preventDefault();
            c.focusStatement();
          }}>${c.m('statementTitle')}</a></p>`
        : nothing
    }
    ${part?.source === 'staff' && !part.statements && part.end && part.end < today ? html`<p class="notice">${c.m('closedOn', { date: c.day(part.end) })}</p>` : nothing}
    ${part?.source === 'staff' && !part.statements && part.start && part.start > today ? html`<p class="notice">${c.m('openSoon', { date: c.day(part.start) })}</p>` : nothing}
    ${c.hd(1, c.m('facts'))}
    <dl class="facts">
      <dt>${c.m('factKind')}</dt><dd>${c.m(`kind_${plan.kind}`)}${plan.nummer ? html` · ${c.m('number', { n: plan.nummer })}` : nothing}</dd>
      <dt>${c.m('factStage')}</dt><dd>${plan.rechtsstand?.label ?? c.m(`stage_${plan.stage}` as PlansMessageKey)}</dd>
      ${
        plan.gemeinde[0]?.name
          ? html`<dt>${c.m('factPlace')}</dt><dd>${isolate(
              plan.gemeinde
                .map((g) => g.name)
                .filter(Boolean)
                .join(', '),
            )}</dd>`
          : nothing
      }
      <dt>${c.m('factArea')}</dt><dd>${c.m('areaHa', { n: formatNumber(c.locale, plan.areaM2 / 10_000, { maximumFractionDigits: 2 }) })}</dd>
      <dt>${c.m('permalink')}</dt><dd><a href=${link}>${isolate(link)}</a></dd>
    </dl>
    ${c.hd(1, c.m('map'))}
    <p class="muted">${c.m('mapHint')}</p>
    ${c.mapFailed ? html`<p class="notice error">${c.m('mapFailed')}</p>` : nothing}
    <div class="map" part="map"></div>
    <p role="status">${sel ? html`${c.m('selected', { label: sel.properties.label })} · ${FIGURES.map((_k, i) => `${c.m((['colGRZ', 'colGFZ', 'colStoreys', 'colBauweise', 'colHeight'] as const)[i]!)} ${figures(c.locale, sel.properties.attrs)[i]}`).join(' · ')}` : ''}</p>
    ${renderLegend(c, plan)}
    ${renderContents(c, plan)}
    ${renderDocuments(c, plan, api)}
    ${renderTimeline(c, plan)}
    ${part?.statements ? c.statement(plan) : nothing}`;
}
