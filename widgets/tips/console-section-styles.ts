import { css } from 'lit';

/** The inbox's own rules on top of the console's: filters, tabs, bulk bar, table (a block per tip when narrow), map, shortcut list. */
export const inboxStyles = css`
  :host {
    container-type: inline-size;
  }
  [part~='filters'] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(11rem, 100%), 1fr));
    gap: 0 var(--_space);
    align-items: end;
  }
  [part~='tabs'] button {
    min-block-size: 2.25em;
    padding: 0 calc(var(--_space) / 2);
  }
  .count {
    font-variant-numeric: tabular-nums;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2) var(--_space);
    align-items: end;
    margin-block-end: calc(var(--_space) / 2);
  }
  .toolbar > * {
    min-inline-size: 0;
  }
  .pick {
    display: flex;
    flex-direction: column;
    gap: 0.25em;
    max-inline-size: 100%;
  }
  .pick label {
    font-weight: 700;
  }
  .pick select,
  .pick input[type='text'] {
    font: inherit;
    min-block-size: 2.75em;
    max-inline-size: 100%;
    border: 2px solid var(--_color-border);
    border-radius: var(--_radius);
    padding: 0 0.5em;
    background: var(--_color-surface);
    color: var(--_color-text);
  }
  .check {
    display: inline-flex;
    gap: 0.5em;
    align-items: center;
    min-block-size: 2.75em;
    font-weight: 700;
  }
  .check input,
  td.sel input,
  th.sel input {
    inline-size: 1.25em;
    block-size: 1.25em;
    margin: 0;
    accent-color: var(--_color-primary);
  }
  details > summary {
    cursor: pointer;
    font-weight: 700;
    padding-block: 0.6em;
  }
  [part~='bulk'] {
    background: var(--_color-surface);
    border: 2px solid var(--_color-primary);
  }
  /* On a wide screen the bulk bar stays in view while the clerk scrolls the list. */
  @container (min-width: 50rem) {
    [part~='bulk'] {
      position: sticky;
      inset-block-start: 0;
      z-index: 500;
    }
  }
  td.sel,
  th.sel {
    inline-size: 2.75em;
    text-align: center;
  }
  td.sel label,
  th.sel label {
    display: inline-flex;
    min-inline-size: 2.75em;
    min-block-size: 2.75em;
    align-items: center;
    justify-content: center;
    cursor: pointer;
  }
  tr[data-current] {
    outline: 3px solid var(--_color-focus);
    outline-offset: -3px;
  }
  .sub {
    display: block;
    color: var(--_color-muted);
    font-size: 0.9em;
  }
  td.place {
    overflow-wrap: anywhere;
    min-inline-size: 8em;
  }
  .map {
    block-size: min(32rem, 70vh);
  }
  dl.keys {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25em var(--_space);
    margin: 0 0 calc(var(--_space) / 2);
  }
  dl.keys dd {
    margin: 0;
  }
  kbd {
    font: inherit;
    font-family: ui-monospace, monospace;
    border: 1px solid var(--_color-border);
    border-block-end-width: 2px;
    border-radius: 4px;
    padding: 0 0.4em;
  }
  /* Narrow (a phone, or a tablet's section beside the navigation): each tip a block. */
  @container (max-width: 50rem) {
    table,
    tbody,
    tr,
    td,
    tbody th {
      display: block;
    }
    thead tr {
      display: flex;
      align-items: center;
    }
    thead th:not(.sel) {
      display: none;
    }
    tbody tr {
      display: grid;
      grid-template-columns: 2.75em minmax(0, 1fr);
      border-block-end: 1px solid var(--_color-border);
      padding-block: calc(var(--_space) / 3);
    }
    tbody tr > * {
      grid-column: 2;
      border: 0;
      padding-block: 0;
    }
    tbody tr > td.sel {
      grid-column: 1;
      grid-row: 1 / span 6;
    }
  }
`;
