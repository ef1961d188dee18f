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
  /* Screen-reader-only text (live regions). Core's shared utility replaces this when it lands. */
  .visually-hidden:not(:focus):not(:active) {
    position: absolute !important;
    inline-size: 1px !important;
    block-size: 1px !important;
    margin: -1px !important;
    padding: 0 !important;
    border: 0 !important;
    overflow: hidden !important;
    clip-path: inset(50%) !important;
    white-space: nowrap !important;
  }
  `,
];
