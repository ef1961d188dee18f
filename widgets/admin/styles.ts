import { css } from 'lit';
import { staffStyles } from '../core/staff-styles.ts';

/** The admin console: the shared staff look plus its own few rules. */
export const adminStyles = [
  staffStyles,
  css`
  .create-key,
  bn-admin-copy-block + h4 {
    margin-block-start: calc(var(--_space) * 1.5);
  }
  bn-admin-copy-block {
    margin-block-end: calc(var(--_space) / 2);
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
