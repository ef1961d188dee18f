import { css } from 'lit';

/**
 * The staff and admin consoles' shared look: plain, high-contrast, readable at 200 % zoom. Only tokens from the
 * shared base are read; no inline styles anywhere (the console pages have a strict CSP).
 */
export const staffStyles = css`
  :host {
    display: block;
  }
  h1,
  h2,
  h3,
  h4 {
    line-height: 1.25;
    margin: 0 0 calc(var(--_space) / 2);
  }
  h1 {
    font-size: 1.5em;
  }
  h2 {
    font-size: 1.25em;
  }
  h3 {
    font-size: 1.1em;
  }
  h4 {
    font-size: 1em;
  }
  p {
    margin: 0 0 calc(var(--_space) / 2);
  }
  a {
    color: var(--_color-primary);
  }
  /* Headings get focus only to move screen readers along; no ring for them. */
  [tabindex='-1']:focus {
    outline: none;
    box-shadow: none;
  }
  .card {
    background: var(--_color-surface);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin-block-end: var(--_space);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
    align-items: center;
  }
  .spread {
    justify-content: space-between;
  }
  .muted {
    color: var(--_color-muted);
  }
  button,
  .button {
    font: inherit;
    cursor: pointer;
    min-block-size: 2.75em;
    padding: calc(var(--_space) / 3) var(--_space);
    border-radius: var(--_radius);
    border: 2px solid var(--_color-primary);
    background: var(--_color-surface);
    color: var(--_color-primary);
    font-weight: 600;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
  }
  button.primary {
    background: var(--_color-primary);
    color: var(--_color-on-primary);
  }
  button.danger {
    border-color: var(--_color-error);
    color: var(--_color-error);
  }
  button.danger.primary {
    background: var(--_color-error);
    color: var(--_color-on-primary);
  }
  button.small {
    min-block-size: 2.25em;
    padding: 0 calc(var(--_space) / 2);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  button.link {
    border: none;
    background: none;
    padding: 0;
    min-block-size: 0;
    text-decoration: underline;
  }
  label,
  legend {
    font-weight: 700;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 4);
    margin-block-end: var(--_space);
  }
  .hint {
    color: var(--_color-muted);
    font-weight: 400;
  }
  .error {
    color: var(--_color-error);
    font-weight: 700;
  }
  /* Live error texts (role=alert) stay rendered so they are announced when filled. */
  .error:empty:not([role]) {
    display: none;
  }
  input[type='text'],
  input[type='password'],
  input[type='email'],
  input[type='url'],
  input[type='number'],
  select,
  textarea {
    font: inherit;
    color: var(--_color-text);
    background: var(--_color-surface);
    border: 2px solid var(--_color-border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2);
    min-block-size: 2.75em;
    inline-size: 100%;
    max-inline-size: 40rem;
  }
  textarea {
    font-family: ui-monospace, monospace;
    min-block-size: 6em;
  }
  [aria-invalid='true'] {
    border-color: var(--_color-error);
    border-width: 3px;
  }
  fieldset {
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2) var(--_space);
    margin: 0 0 var(--_space);
  }
  .check {
    display: flex;
    gap: calc(var(--_space) / 2);
    align-items: center;
    font-weight: 400;
    min-block-size: 2.25em;
  }
  .check input {
    inline-size: 1.25em;
    block-size: 1.25em;
    margin: 0;
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
  }
  .table-wrap {
    overflow-x: auto;
  }
  th,
  td {
    text-align: start;
    vertical-align: top;
    padding: calc(var(--_space) / 3) calc(var(--_space) / 2);
    border-block-end: 1px solid var(--_color-border);
  }
  th {
    font-weight: 700;
  }
  code,
  pre {
    font-family: ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', monospace;
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  td code,
  th code {
    overflow-wrap: normal;
    word-break: normal;
    white-space: nowrap;
  }
  pre {
    white-space: pre-wrap;
    background: #f3f4f6;
    color: #111827;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2);
    margin: 0 0 calc(var(--_space) / 2);
  }
  .badge {
    display: inline-block;
    padding: 0 0.5em;
    border-radius: 999px;
    border: 1px solid currentColor;
    font-size: 0.875em;
    white-space: nowrap;
  }
  .badge.ok {
    color: var(--_color-success);
  }
  .badge.bad {
    color: var(--_color-error);
  }
  .badge.warn {
    color: #7a4d00;
  }
  .notice {
    border: 2px solid var(--_color-primary);
    border-inline-start-width: 8px;
    border-radius: var(--_radius);
    padding: var(--_space);
    margin-block-end: var(--_space);
    background: var(--_color-surface);
  }
  .notice.error {
    border-color: var(--_color-error);
    color: var(--_color-text);
    font-weight: 400;
  }
  .notice.secret {
    border-color: #a15c00;
    background: #fff8e6;
  }
  /* Confirmations in both consoles. */
  dialog {
    border: 2px solid var(--_color-border);
    border-radius: var(--_radius);
    padding: var(--_space);
    max-inline-size: min(36rem, 95vw);
    color: var(--_color-text);
    background: var(--_color-surface);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.5);
  }
  /* Empty live regions stay in the accessibility tree (a region that appears together
     with its message is often not announced); they just take no space. */
  .live:empty {
    border: 0;
    padding: 0;
    margin: 0;
  }
`;
