import { css, html, type TemplateResult } from 'lit';
import type { ApiClient } from './api-client.ts';
import type { BnFilePicker, PickedFile } from './file-picker.ts';
import { registerMessages, type Locale, type Params } from './i18n.ts';
import { addLateStyles } from './late-styles.ts';
import { formatBytes, formatPercent } from './units.ts';

/**
 * The part of `<bn-file-picker>` that matters only once a file is picked: the list with size,
 * status and progress, removing a file, the upload. Loaded at the first pick (file-picker.ts);
 * the picker keeps the files and the state, these functions work on it.
 */

/** The list's own look, added to the picker's shadow root when the list first shows (core/late-styles.ts). */
const listStyles = css`
  [part~='list'] {
    list-style: none;
    margin: calc(var(--_space) / 2) 0 0;
    padding: 0;
  }
  [part~='file'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2);
    padding-block: calc(var(--_space) / 4);
    border-block-end: 1px solid var(--_color-border);
  }
  .name {
    font-weight: 700;
    overflow-wrap: anywhere;
    flex: 1 1 12em;
  }
  .size,
  .status {
    color: var(--_color-muted);
  }
  .failed .status {
    color: var(--_color-error);
    font-weight: 700;
  }
  .done .status {
    color: var(--_color-success);
  }
  [part~='progress'] {
    inline-size: 8em;
    accent-color: var(--_color-primary);
  }
  [part~='remove'] {
    min-inline-size: 2.75em;
  }
`;

/** The list's words, in both languages: they come with it (like the address search's). */
const texts = registerMessages('form-files', {
  de: {
    filesRemove: '{name} entfernen',
    filesRemoved: '{name} wurde entfernt.',
    fileUploading: (p: Params, l: Locale) => `Wird hochgeladen: ${formatPercent(l, Number(p.share))}`,
    fileUploaded: 'Hochgeladen',
    fileFailed: 'Hochladen fehlgeschlagen',
    fileWaiting: 'Bereit zum Hochladen',
  },
  en: {
    filesRemove: 'Remove {name}',
    filesRemoved: '{name} was removed.',
    fileUploading: (p, l) => `Uploading: ${formatPercent(l, Number(p.share))}`,
    fileUploaded: 'Uploaded',
    fileFailed: 'Upload failed',
    fileWaiting: 'Ready to upload',
  },
});

const t = (p: BnFilePicker, key: Parameters<typeof texts.t>[1], params?: Params) => texts.t(p.locale, key, params);

function patch(p: BnFilePicker, key: number, change: Partial<PickedFile>): void {
  p.items = p.items.map((i) => (i.key === key ? { ...i, ...change } : i));
}

/** Removes one file and keeps keyboard focus in a sensible place. */
export async function removeFile(p: BnFilePicker, key: number): Promise<void> {
  const index = p.items.findIndex((i) => i.key === key);
  if (index < 0) return;
  const [gone] = p.items.splice(index, 1);
  if (!gone) return;
  p.items = [...p.items];
  p.pickError = undefined;
  p.announcement = () => t(p, 'filesRemoved', { name: gone.file.name });
  p.changed();
  await p.updateComplete;
  const buttons = p.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="remove"]');
  (buttons[Math.min(index, buttons.length - 1)] ?? p.chooseButton)?.focus();
}

/** Uploads every file not yet uploaded, with progress; see BnFilePicker.upload(). */
export async function uploadFiles(p: BnFilePicker, client: ApiClient, options: { altcha?: string; signal?: AbortSignal }): Promise<string[]> {
  for (const item of p.items) {
    if (item.status === 'done') continue;
    patch(p, item.key, { status: 'uploading', progress: 0 });
    try {
      const res = await p.uploader<{ id: string }>(client, item.file, {
        ...options,
        onProgress: (share) => patch(p, item.key, { progress: share }),
      });
      patch(p, item.key, { status: 'done', progress: 1, uploadId: res.id });
    } catch (err) {
      patch(p, item.key, { status: 'failed' });
      throw err;
    }
  }
  return p.uploadIds;
}

function statusText(p: BnFilePicker, i: PickedFile): string {
  switch (i.status) {
    case 'uploading':
      return t(p, 'fileUploading', { share: i.progress });
    case 'done':
      return t(p, 'fileUploaded');
    case 'failed':
      return t(p, 'fileFailed');
    default:
      return t(p, 'fileWaiting');
  }
}

export function renderList(p: BnFilePicker): TemplateResult {
  addLateStyles(p, listStyles);
  return html`<ul part="list">
    ${p.items.map(
      (i) => html`<li part="file" class=${i.status}>
        <span class="name">${i.file.name}</span>
        <span class="size">${formatBytes(p.locale, i.file.size)}</span>
        <span class="status">${statusText(p, i)}</span>
        ${i.status === 'uploading' || i.status === 'done' ? html`<progress part="progress" max="100" .value=${Math.round(i.progress * 100)} aria-label=${i.file.name}></progress>` : ''}
        <button
          part="remove"
          type="button"
          ?disabled=${i.status === 'uploading'}
          aria-label=${t(p, 'filesRemove', { name: i.file.name })}
          @click=${() => removeFile(p, i.key)}
        >
          ✕
        </button>
      </li>`,
    )}
  </ul>`;
}
