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
  `,
];
