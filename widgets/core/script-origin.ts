/**
 * Default API base: the origin the bundle was loaded from, so the embed snippet
 * needs no `api-base`. The ES entry sets it from `import.meta.url`, the classic
 * build from `document.currentScript`; without either (tests, Storybook) the
 * page's own origin is used.
 */
let defaultApiBase: string | undefined;
let script: string | undefined;

export function setDefaultApiBase(url: string | null | undefined): void {
  if (!url) return;
  try {
    script = new URL(url, document.baseURI).href;
    defaultApiBase = new URL(url, document.baseURI).origin;
  } catch {
    // A malformed script URL leaves the page origin as default.
  }
}

export function getDefaultApiBase(): string {
  return defaultApiBase ?? location.origin;
}

/** The URL of our script (files beside it, e.g. the classic build's map); else the page's. */
export function scriptUrl(): string {
  return script ?? location.href;
}
