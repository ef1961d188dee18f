/**
 * Saves a file the console fetched (an export, an Abwägungstabelle) under `name`: through a
 * blob URL and a temporary `<a download>`, placed in `root` (a shadow root) when given, as some
 * browsers only follow a link that is in a document. The URL is revoked after the browser
 * has had time to start the download.
 */
export function saveBlob(blob: Blob, name: string, root?: ShadowRoot | null): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  root?.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
