import { css } from 'lit';

/** Shared look of the Kita widgets: private `--_*` variables from core tokens, `--bn-kita-*` with defaults. */
export const kitaStyles = css`
  :host {
    --_kita-gap: var(--bn-kita-gap, var(--_space));
    --_kita-map-height: var(--bn-kita-map-height, 20em);
  }
  .near .row { align-items: end; }
  .near bn-text-field { flex: 1 1 16em; min-inline-size: 0; }
  .distance { font-weight: 700; }
  .map-box { margin-block-end: var(--_kita-gap); }
  .map {
    block-size: var(--_kita-map-height); inline-size: 100%; border: 2px solid var(--_color-border); border-radius: var(--_radius);
    margin-block: calc(var(--_space) / 2); position: relative; z-index: 0;
  }
  img.photo { display: block; max-inline-size: 100%; block-size: auto; max-block-size: 16em; border-radius: var(--_radius); margin-block: calc(var(--_space) / 2); }
  h4:focus { outline: 3px solid var(--_color-focus); outline-offset: 2px; }
  h2, h3, h4 { margin: 0 0 calc(var(--_space) / 2); line-height: 1.25; }
  h2 { font-size: 1.35em; }
  h3 { font-size: 1.15em; }
  p { margin: 0 0 calc(var(--_space) / 2); }
  a { color: var(--_color-primary); }
  fieldset { border: 0; padding: 0; margin: 0 0 var(--_kita-gap); min-inline-size: 0; }
  legend { font-weight: 700; font-size: 1.1em; padding: 0; margin-block-end: calc(var(--_space) / 2); }
  .hint, .muted { color: var(--_color-muted); }
  button {
    font: inherit; cursor: pointer; min-block-size: 2.75em; padding: calc(var(--_space) / 2) var(--_space);
    border-radius: var(--_radius); border: 2px solid var(--_color-primary); background: var(--_color-surface); color: var(--_color-primary);
  }
  button.primary { background: var(--_color-primary); color: var(--_color-on-primary); font-weight: 700; }
  button[aria-disabled='true'] { opacity: 0.7; cursor: progress; }
  button[aria-pressed='true'] { background: var(--_color-primary); color: var(--_color-on-primary); }
  button:focus-visible { outline: 3px solid var(--_color-focus); outline-offset: 2px; }
  .row { display: flex; flex-wrap: wrap; gap: calc(var(--_space) / 2); align-items: center; }
  .notice {
    border: 2px solid var(--_color-border); border-inline-start-width: 8px; border-radius: var(--_radius);
    padding: var(--_space); margin-block-end: var(--_kita-gap); background: var(--_color-surface);
  }
  .notice.error { border-color: var(--_color-error); }
  .notice.success { border-color: var(--_color-success); }
  .notice.info { border-color: var(--_color-primary); }
  .notice:focus { outline: 3px solid var(--_color-focus); }
  .ref { font-family: ui-monospace, monospace; font-weight: 700; overflow-wrap: anywhere; }
  ul.plain, ol.plain { list-style: none; margin: 0; padding: 0; }
  .card { border: 1px solid var(--_color-border); border-radius: var(--_radius); padding: calc(var(--_space) * 0.75); margin-block-end: calc(var(--_space) / 2); overflow-wrap: anywhere; }
  .badge { display: inline-block; padding: 0 0.5em; border-radius: 999px; border: 2px solid currentColor; font-weight: 700; font-size: 0.9em; }
  .light-green { color: var(--_color-success); }
  .light-red { color: var(--_color-error); }
  .light-yellow { color: var(--_color-text); }
  .progress { font-weight: 700; }
  p.edit { margin-block-end: var(--_kita-gap); }
  dl.facts { display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: 0.25em 1em; margin: 0 0 var(--_space); }
  dl.facts dt { font-weight: 700; }
  dl.facts dd { margin: 0; overflow-wrap: anywhere; }
`;
