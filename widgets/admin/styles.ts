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
  `,
];
