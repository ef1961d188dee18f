import { css } from 'lit';

/**
 * Public tokens `--bn-*` are only READ here, each with a default, into private `--_*`
 * variables: a widget looks right on a page with zero CSS of ours, and a host page
 * themes it by setting `--bn-*` on any ancestor (or `<bn-tenant>` does, from config).
 * Inherited properties are reset on :host so hostile page CSS (line-height, text-
 * transform, letter-spacing …) cannot leak in; the font family inherits by design.
 * `!important` because a page rule that matches the host itself (`* { … }`) beats a
 * plain :host rule, while an important :host rule beats even the page's important
 * ones (inner context wins for important declarations). Pages theme through tokens.
 *
 * Text size never follows a host page's small root font (`html { font-size: 62.5% }`, a
 * habit of many municipal sites, makes 1rem 10 px): the host starts at `medium`, which is
 * the size the user set in the browser (16 px unless changed) whatever the page's root
 * says, and the top-level parts take `max(--bn-font-size, that)`. A theme may make text
 * larger, never smaller than the user's own setting. Sizes inside are in `em`.
 *
 * `.visually-hidden` is THE one screen-reader-only utility (live regions, "opens in a new
 * window"): every element has it through these shared styles, so text rendered in one
 * element's shadow root and slotted into another (a link in a checkbox label) is hidden by
 * the tree it lives in. Page CSS cannot reach it: global rules do not match inside shadow
 * roots, and each property that matters is set on the element itself (nothing inherited),
 * `!important` against our own more specific rules.
 */
export const tokens = css`
  :host {
    --_color-primary: var(--bn-color-primary, #004b87);
    --_color-on-primary: var(--bn-color-on-primary, #ffffff);
    --_color-text: var(--bn-color-text, #1b1b1b);
    --_color-muted: var(--bn-color-muted, #4f5661);
    --_color-surface: var(--bn-color-surface, #ffffff);
    --_color-border: var(--bn-color-border, #6b7280);
    --_color-error: var(--bn-color-error, #b00020);
    --_color-success: var(--bn-color-success, #1e6b2e);
    --_color-focus: var(--bn-color-focus, #f6b400);
    --_font-family: var(--bn-font-family, inherit);
    --_font-size: var(--bn-font-size, 1em);
    --_radius: var(--bn-radius, 4px);
    --_space: var(--bn-space, 1em);
    box-sizing: border-box !important;
    color: var(--_color-text) !important;
    font-family: var(--_font-family) !important;
    font-size: medium !important;
    font-weight: 400 !important;
    line-height: 1.5 !important;
    letter-spacing: normal !important;
    text-align: start !important;
    text-transform: none !important;
    white-space: normal !important;
  }
  :host > * { font-size: max(var(--_font-size), 1em); }
  :host([hidden]) { display: none !important; }
  .visually-hidden {
    position: absolute !important;
    inline-size: 1px !important;
    block-size: 1px !important;
    min-inline-size: 0 !important;
    min-block-size: 0 !important;
    margin: -1px !important;
    padding: 0 !important;
    border: 0 !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    clip-path: inset(50%) !important;
    white-space: nowrap !important;
  }
  *,
  *::before,
  *::after { box-sizing: inherit; }
  :focus-visible { outline: 3px solid var(--_color-focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--_color-text); }
  @media (prefers-reduced-motion: reduce) { *, *::before, *::after { animation-duration: 0.01ms !important; animation-iteration-count: 1 !important; transition-duration: 0.01ms !important; scroll-behavior: auto !important; } }
`;
