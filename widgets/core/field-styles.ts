import { css } from 'lit';

/** Shared look of every form building block: label, hint, control, error. */
export const fieldStyles = css`
  :host {
    display: block;
    margin-block-end: var(--_space);
    max-inline-size: 100%;
  }
  [part~='base'] {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 4);
    min-inline-size: 0;
  }
  [part~='label'] {
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  [part~='hint'] {
    color: var(--_color-muted);
    overflow-wrap: anywhere;
  }
  [part~='error'] {
    color: var(--_color-error);
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  [part~='error']:empty {
    display: none;
  }
  [part~='control'] {
    font: inherit;
    color: var(--_color-text);
    background: var(--_color-surface);
    border: 2px solid var(--_color-border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2);
    inline-size: 100%;
    max-inline-size: 100%;
    min-block-size: 2.75em;
    margin: 0;
  }
  /* Separate rules: a browser without :state() drops a whole selector list. */
  :host([error]:not([error=''])) [part~='control'] {
    border-color: var(--_color-error);
    border-width: 3px;
  }
  :host(:state(user-invalid)) [part~='control'] {
    border-color: var(--_color-error);
    border-width: 3px;
  }
  [part~='control']:disabled {
    opacity: 0.6;
    cursor: not-allowed;
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
  .req {
    color: var(--_color-error);
  }
`;
