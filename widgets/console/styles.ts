import { css } from 'lit';
import { staffStyles } from '../core/staff-styles.ts';

/** The staff console: the shared staff look plus its own few rules. */
export const consoleStyles = [
  staffStyles,
  css`
  .summary ul {
    margin: 0;
    padding-inline-start: 1.25em;
  }
  .summary a {
    color: var(--_color-error);
    font-weight: 700;
  }
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
  `,
];
