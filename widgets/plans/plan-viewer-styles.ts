import { css, unsafeCSS } from 'lit';
import { PLAN_COLORS } from './colors.ts';

/** The plan viewer's look: list items, facts, legend swatches, contents table, map, statement form. */
export const planViewerStyles = css`
  h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.2em 0 0.4em; }
  ul.plain { list-style: none; padding: 0; margin: 0; }
  [part~='filters'] { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0 var(--_space, 1rem); align-items: end; }
  /* The fields keep a space below for their error line; the button keeps the same, so its bottom lines up with theirs. */
  [part~='filters'] > div { margin-block-end: var(--_space, 1rem); }
  [part~='item'] { border: 1px solid var(--_color-border, #767676); border-radius: var(--_radius, 4px); padding: var(--_space, 1rem); margin-block-end: 0.75rem; }
  [part~='item'] :is(h3, h4, h5, h6) { margin-top: 0; font-size: 1.1em; }
  .badge { display: inline-block; padding: 0.1em 0.5em; border-radius: 1em; background: #1b5e20; color: #fff; font-weight: 700; }
  .muted { color: var(--_color-muted, #555); }
  .notice { border-inline-start: 4px solid var(--_color-primary, #0b4f8a); padding: 0.5em 0.75em; background: #f3f6fa; }
  .notice.error { border-color: #b00020; }
  .map { block-size: var(--bn-plan-map-height, 24rem); border: 1px solid #767676; }
  .swatch { display: inline-block; inline-size: 1.4em; block-size: 1em; border: 2px solid; margin-inline-end: 0.5em; vertical-align: middle; }
  .swatch.outline { border-style: dashed; background: transparent; }
  /* Legend colours as classes: no style attribute, so a strict CSP (no 'unsafe-inline') holds. */
  ${unsafeCSS(
    Object.entries(PLAN_COLORS)
      .map(([k, c]) => `.c-${k}{border-color:${c};background:${c}4d}`)
      .join(''),
  )}
  .table-wrap { overflow-x: auto; }
  table { border-collapse: collapse; inline-size: 100%; }
  th, td { border-block-end: 1px solid #ccc; padding: 0.35em 0.5em; text-align: start; vertical-align: top; }
  tr.selected { outline: 3px solid var(--_color-primary, #0b4f8a); }
  dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25em 1em; }
  dl.facts dt { font-weight: 700; }
  dl.facts dd { margin: 0; min-inline-size: 0; overflow-wrap: anywhere; }
  [part~='base'] { min-inline-size: 0; max-inline-size: 100%; }
  .table-wrap { max-inline-size: 100%; }
  @media (max-width: 40rem) {
    dl.facts { grid-template-columns: 1fr; }
    dl.facts dd { margin-block-end: 0.5em; }
  }
  ol.timeline { list-style: none; padding: 0; }
  ol.timeline time { font-weight: 700; }
  td button { white-space: nowrap; }
  .row { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: center; }
  a, .linklike { color: var(--_color-primary, #0b4f8a); }
  button { font: inherit; min-block-size: 2.75rem; padding: 0.4em 1em; border-radius: var(--_radius, 4px); border: 2px solid var(--_color-primary, #0b4f8a); background: #fff; color: var(--_color-primary, #0b4f8a); cursor: pointer; }
  button.primary { background: var(--_color-primary, #0b4f8a); color: #fff; }
  button:focus-visible, a:focus-visible, [tabindex]:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
  fieldset { border: 1px solid #ccc; border-radius: var(--_radius, 4px); margin: 1em 0; padding: 0.5em 1em; }
  legend { font-weight: 700; }
  .ref { font-size: 1.4em; font-weight: 700; }
`;
