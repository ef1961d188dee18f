import { css } from 'lit';

/**
 * Look of <bn-job-listings>. Only private `--_*` variables from core tokens plus the
 * component token `--bn-jobs-gap`, each with a default.
 */
export const jobsStyles = css`
  :host {
    --_jobs-gap: var(--bn-jobs-gap, var(--_space));
  }
  h2, h3, h4, h5 { margin: 0 0 calc(var(--_space) / 2); line-height: 1.25; overflow-wrap: anywhere; }
  h2 { font-size: 1.35em; }
  h3 { font-size: 1.15em; }
  h4, h5 { font-size: 1em; }
  p { margin: 0 0 calc(var(--_space) / 2); overflow-wrap: anywhere; }
  a { color: var(--_color-primary); }
  fieldset { border: 0; padding: 0; margin: 0 0 var(--_jobs-gap); min-inline-size: 0; }
  legend { font-weight: 700; font-size: 1.1em; padding: 0; margin-block-end: calc(var(--_space) / 2); }
  .muted { color: var(--_color-muted); }
  button {
    font: inherit; cursor: pointer; min-block-size: 2.75em; padding: calc(var(--_space) / 2) var(--_space);
    border-radius: var(--_radius); border: 2px solid var(--_color-primary); background: var(--_color-surface); color: var(--_color-primary);
  }
  button.primary, [part~='submit'] { background: var(--_color-primary); color: var(--_color-on-primary); font-weight: 700; }
  button[aria-disabled='true'], button:disabled { opacity: 0.7; cursor: not-allowed; }
  .row { display: flex; flex-wrap: wrap; gap: calc(var(--_space) / 2); align-items: center; }
  .row.search { align-items: end; }
  .row.search bn-text-field { flex: 1 1 16rem; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr)); gap: 0 var(--_space); }
  .filters { margin-block-end: var(--_jobs-gap); }
  ul.jobs { list-style: none; margin: 0; padding: 0; }
  ul.jobs > li { border-block-start: 1px solid var(--_color-border); padding-block: var(--_jobs-gap); }
  .facts { margin: 0 0 var(--_jobs-gap); display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr)); gap: calc(var(--_space) / 2) var(--_space); }
  .facts dt { font-weight: 700; }
  .facts dd { margin: 0; overflow-wrap: anywhere; }
  .description { margin-block-end: var(--_jobs-gap); }
  .description ul, .description ol { padding-inline-start: 1.5em; }
  .notice {
    border: 2px solid var(--_color-border); border-inline-start-width: 8px; border-radius: var(--_radius);
    padding: var(--_space); margin-block: var(--_jobs-gap); background: var(--_color-surface);
  }
  .notice.error { border-color: var(--_color-error); }
  .notice.success { border-color: var(--_color-success); }
  .progress { font-weight: 700; }
  [tabindex='-1']:focus, [tabindex='-1']:focus-visible { outline: none; box-shadow: none; }
`;
