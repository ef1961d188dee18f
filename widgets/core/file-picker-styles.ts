import { css } from 'lit';

export const fileStyles = css`
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-inline-size: 0;
  }
  legend {
    padding: 0;
    margin-block-end: calc(var(--_space) / 4);
  }
  [part~='dropzone'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2);
    padding: calc(var(--_space) / 2);
    border: 2px dashed var(--_color-border);
    border-radius: var(--_radius);
  }
  [part~='dropzone'].dragging {
    border-color: var(--_color-primary);
    background: color-mix(in srgb, var(--_color-primary) 8%, var(--_color-surface));
  }
  input[type='file'] {
    display: none;
  }
  .drop-hint {
    color: var(--_color-muted);
  }
`;
