import { css } from 'lit';
import { tipsStyles } from './styles.ts';
import { tipsMapStyles, tipsViewStyles } from './view-styles.ts';

/** The staff inbox: the citizen widgets' look plus tables, cards and a two-column detail. */
export const consoleStyles = [
  tipsStyles,
  tipsViewStyles,
  tipsMapStyles,
  css`
    :host {
      display: block;
    }
    .table-wrap {
      overflow-x: auto;
      margin-block-end: var(--_space);
    }
    table {
      border-collapse: collapse;
      inline-size: 100%;
    }
    th,
    td {
      text-align: start;
      vertical-align: top;
      padding: calc(var(--_space) / 3) calc(var(--_space) / 2);
      border-block-end: 1px solid var(--_color-border);
    }
    thead th {
      white-space: nowrap;
    }
    button.link {
      border: 0;
      background: none;
      padding: 0;
      min-block-size: 2.75em;
      color: var(--_color-primary);
      text-decoration: underline;
    }
    .card {
      border: 1px solid var(--_color-border);
      border-radius: var(--_radius);
      padding: var(--_space);
      margin-block-end: var(--_space);
    }
    .detail {
      display: grid;
      gap: var(--_space);
      grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    }
    @media (max-width: 60rem) {
      .detail {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    dl.facts {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: calc(var(--_space) / 4) var(--_space);
      margin: 0 0 var(--_space);
    }
    dl.facts dt {
      font-weight: 700;
    }
    dl.facts dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .photos {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_space) / 2);
    }
    .photos img {
      inline-size: 10rem;
      block-size: 10rem;
      object-fit: cover;
      border-radius: var(--_radius);
    }
    .events li {
      border-inline-start: 3px solid var(--_color-border);
      padding: 0 0 calc(var(--_space) / 2) calc(var(--_space) / 2);
    }
    .events li.internal {
      border-inline-start-color: var(--_color-focus);
    }
    .pre {
      white-space: pre-line;
    }
  `,
];
