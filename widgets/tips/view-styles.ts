import { css } from 'lit';

/**
 * Styles of the tips' views beyond the form (status badges, references, lists, photos, the map
 * and the address search's results). The list and the status view carry them statically; the
 * form adds them when such a view first shows inside it (core/late-styles.ts), so they do not
 * weigh on its first paint (bench/bundle-size.ts).
 */
export const tipsViewStyles = css`
  button[aria-pressed='true'] {
    background: var(--_color-primary);
    color: var(--_color-on-primary);
  }
  .badge {
    display: inline-block;
    padding: 0 0.5em;
    border-radius: 999px;
    border: 2px solid currentColor;
    font-weight: 700;
    font-size: 0.9em;
    white-space: nowrap;
  }
  .badge.resolved {
    color: var(--_color-success);
  }
  .badge.rejected {
    color: var(--_color-error);
  }
  .ref {
    font-family: ui-monospace, monospace;
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  ul.plain,
  ol.plain {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  img {
    max-inline-size: 100%;
  }
`;

/** The map's container (the location field's map, the list's map view). */
export const tipsMapStyles = css`
  .map {
    block-size: var(--_tips-map-height);
    inline-size: 100%;
    border: 2px solid var(--_color-border);
    border-radius: var(--_radius);
    margin-block: calc(var(--_space) / 2);
    z-index: 0;
    position: relative;
  }
  .map.bn-no-tiles {
    background-color: #eef1f4;
    background-image: linear-gradient(#d5dbe1 1px, transparent 1px), linear-gradient(90deg, #d5dbe1 1px, transparent 1px);
    background-size: 32px 32px;
  }
  .map:focus-visible {
    outline: 3px solid var(--_color-focus);
  }
`;

/** The address search's results under the address field. */
export const tipsResultsStyles = css`
  .results {
    margin-block: calc(var(--_space) / 2);
  }
  .results button {
    inline-size: 100%;
    text-align: start;
    margin-block-end: 2px;
    overflow-wrap: anywhere;
  }
`;
