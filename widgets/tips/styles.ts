import { css } from 'lit';

/**
 * Shared look of the citizen-side tips widgets. Only private `--_*` variables from core
 * tokens plus component tokens `--bn-tips-*`, each with a default.
 */
export const tipsStyles = css`
  :host {
    --_tips-gap: var(--bn-tips-gap, var(--_space));
    --_tips-map-height: var(--bn-tips-map-height, 18em);
  }
  h2,
  h3,
  h4 {
    margin: 0 0 calc(var(--_space) / 2);
    line-height: 1.25;
  }
  h2 {
    font-size: 1.35em;
  }
  h3 {
    font-size: 1.15em;
  }
  p {
    margin: 0 0 calc(var(--_space) / 2);
  }
  a {
    color: var(--_color-primary);
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0 0 var(--_tips-gap);
    min-inline-size: 0;
  }
  legend {
    font-weight: 700;
    font-size: 1.1em;
    padding: 0;
    margin-block-end: calc(var(--_space) / 2);
  }
  .hint,
  .muted {
    color: var(--_color-muted);
  }
  button {
    font: inherit;
    cursor: pointer;
    min-block-size: 2.75em;
    padding: calc(var(--_space) / 2) var(--_space);
    border-radius: var(--_radius);
    border: 2px solid var(--_color-primary);
    background: var(--_color-surface);
    color: var(--_color-primary);
  }
  button.primary,
  [part~='submit'] {
    background: var(--_color-primary);
    color: var(--_color-on-primary);
    font-weight: 700;
  }
  button[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
    align-items: center;
  }
  .notice {
    border: 2px solid var(--_color-border);
    border-inline-start-width: 8px;
    border-radius: var(--_radius);
    padding: var(--_space);
    margin-block-end: var(--_tips-gap);
    background: var(--_color-surface);
  }
  .notice.error {
    border-color: var(--_color-error);
  }
  .notice.success {
    border-color: var(--_color-success);
  }
  .notice.info {
    border-color: var(--_color-primary);
  }
  .notice:focus {
    outline: 3px solid var(--_color-focus);
  }
  .req {
    color: var(--_color-error);
  }
`;
