/**
 * Copy to the clipboard, for every widget that offers a "copy" button (an embed snippet, a
 * reference and tracking code). Announce the outcome in a live region: the clipboard itself
 * says nothing to a screen reader.
 */

/** Copies text; false when the clipboard is unavailable (plain http, a refused permission). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Selects an element's text, so a person can copy it by hand (Ctrl+C) when copying failed. */
export function selectContents(el: Element): void {
  const range = document.createRange();
  range.selectNodeContents(el);
  const sel = getSelection();
  sel?.removeAllRanges();
  sel?.addRange(range);
}
