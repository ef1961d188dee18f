import { html, type PropertyDeclarations, type PropertyValues } from 'lit';
import { ContextConsumer } from '@lit/context';
import type { ApiClient } from './api-client.ts';
import type { upload as Upload } from './upload.ts';
import type * as FileListModule from './file-list.ts';
import { apiClientContext } from './context.ts';
import { BnFilesChangeEvent } from './events.ts';
import { BnFormElement, VALID, type Validity } from './form-element.ts';
import { fieldStyles } from './field-styles.ts';
import { describedBy, ifDefined, renderError, renderHint } from './field-parts.ts';
import { fileStyles } from './file-picker-styles.ts';

export type FileStatus = 'ready' | 'uploading' | 'done' | 'failed';

export interface PickedFile {
  key: number;
  file: File;
  status: FileStatus;
  /** 0…1 while uploading. */
  progress: number;
  /** Upload id from `POST /v1/uploads`, once done. */
  uploadId?: string;
}

let nextKey = 1;

/**
 * The list of picked files (progress, remove buttons) and the upload load at the first pick: a
 * form page whose citizen sends no photo never downloads them (the tip form's first paint is on
 * a gzip budget: bench/bundle-size.ts). A failed load is tried again at the next update, and
 * `upload()` fails (the form offers to send again) until it loads.
 */
let listModule: Promise<typeof FileListModule> | undefined;
const loadList = () =>
  (listModule ??= import('./file-list.ts').catch((err: unknown) => {
    listModule = undefined;
    throw err;
  }));

/**
 * @tag bn-file-picker
 * @summary Choose files (button or drag and drop), see them listed with size and
 * upload progress, remove them by keyboard. `upload()` sends the pending ones to
 * `POST /v1/uploads` through the tenant's API client and returns their ids.
 *
 * @fires bn-files-change - Files were added or removed.
 * @fires change - Same moment, for form code that listens to native events.
 * @csspart base - The fieldset.
 * @csspart label - The legend.
 * @csspart hint - The help text.
 * @csspart choose - The "choose files" button.
 * @csspart dropzone - The drop area around the button.
 * @csspart list - The list of files.
 * @csspart file - Each file row.
 * @csspart progress - Each file's progress bar.
 * @csspart remove - Each "remove" button.
 * @csspart error - The error text.
 */
export class BnFilePicker extends BnFormElement {
  static override styles = [...BnFormElement.styles, fieldStyles, fileStyles];
  // Without decorators: see BnFormElement.properties.
  static override properties: PropertyDeclarations = {
    contextClient: { state: true },
    items: { state: true },
    pickError: { state: true },
    announcement: { state: true },
    dragging: { state: true },
    list: { state: true },
    uploader: { attribute: false },
    accept: {},
    maxSize: { type: Number, attribute: 'max-size' },
    maxFiles: { type: Number, attribute: 'max-files' },
  };

  private get input(): HTMLInputElement | null | undefined {
    return this.shadowRoot?.querySelector('input[type=file]');
  }
  /** @internal */
  get chooseButton(): HTMLButtonElement | null | undefined {
    return this.shadowRoot?.querySelector<HTMLButtonElement>('[part~="choose"]');
  }

  /** @internal */
  contextClient?: ApiClient;

  /** @internal */
  items: PickedFile[] = [];
  /** @internal Problem with the files just offered (too big, wrong type, too many). */
  // Thunks, not text: the message must follow a later language switch.
  pickError?: () => string;
  /** @internal */
  announcement?: () => string;
  private dragging = false;
  private list?: typeof FileListModule;
  private listLoading?: Promise<void>;

  /**
   * Replaceable for tests and stories; defaults to the XMLHttpRequest upload, loaded when the
   * first file is sent (a form page without photos never downloads it).
   */
  uploader: typeof Upload = (...args) => import('./upload.ts').then((m) => m.upload(...args));

  /** Like the native `accept`: `image/*,.pdf,application/pdf`. */
  accept = '';
  /** Largest allowed file in bytes (shown in binary units: 10 × 1024 × 1024 reads "10 MB"). */
  maxSize = 10 * 1024 * 1024;
  maxFiles = 1;

  constructor() {
    super();
    new ContextConsumer(this, { context: apiClientContext, subscribe: true, callback: (c) => (this.contextClient = c) });
  }

  get value(): File[] {
    return this.items.map((i) => i.file);
  }

  set value(files: unknown) {
    this.items = [];
    if (Array.isArray(files)) this.addFiles(files.filter((f): f is File => f instanceof File));
  }

  get files(): readonly PickedFile[] {
    return this.items;
  }

  /** Ids of the uploaded files, in list order. */
  get uploadIds(): string[] {
    return this.items.map((i) => i.uploadId).filter((id): id is string => !!id);
  }

  protected get defaultValue(): File[] {
    return [];
  }

  protected formValue(): FormData | null {
    if (!this.name || !this.items.length) return null;
    const data = new FormData();
    for (const i of this.items) data.append(this.name, i.file);
    return data;
  }

  protected get anchor(): HTMLElement | null {
    return this.chooseButton ?? null;
  }

  protected computeValidity(): Validity {
    if (this.required && !this.items.length) return { flags: { valueMissing: true }, message: this.t('required') };
    if (this.pickError) return { flags: { customError: true }, message: this.pickError() };
    return VALID;
  }

  /** Adds files after checking type, size and count (also used by drag and drop). */
  addFiles(files: Iterable<File>): void {
    const accepted: PickedFile[] = [];
    let error: (() => string) | undefined;
    for (const file of files) {
      if (this.items.length + accepted.length >= this.maxFiles) {
        error = () => this.t('tooManyFiles', { max: this.maxFiles });
        break;
      }
      if (!this.accepts(file)) {
        error = () => this.t('fileWrongType', { name: file.name, types: this.typesText() });
      } else if (file.size > this.maxSize) {
        error = () => this.t('fileTooLarge', { name: file.name, max: this.maxSize });
      } else {
        accepted.push({ key: nextKey++, file, status: 'ready', progress: 0 });
      }
    }
    this.pickError = error;
    this.touched = true;
    if (accepted.length) {
      this.items = [...this.items, ...accepted];
      this.announcement = () => accepted.map((a) => this.t('filesAdded', { name: a.file.name })).join(' ');
      this.changed();
    }
  }

  /** Removes one file and keeps keyboard focus in a sensible place. */
  async removeFile(key: number): Promise<void> {
    (await loadList()).removeFile(this, key);
  }

  /**
   * Uploads every file not yet uploaded, with progress, and returns all upload ids.
   * A failed file stays in the list (status `failed`) and the error is rethrown, so
   * the form can offer to try again without losing anything.
   */
  async upload(client: ApiClient | undefined = this.contextClient, options: { altcha?: string; signal?: AbortSignal } = {}): Promise<string[]> {
    if (!client) throw new Error('bn-file-picker: no API client (place it inside <bn-tenant>)');
    return (await loadList()).uploadFiles(this, client, options);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.items.length && !this.list && !this.listLoading) {
      this.listLoading = loadList().then(
        (m) => {
          this.list = m;
        },
        // Tried again at the next update; the files are kept (and were announced) meanwhile.
        (err: unknown) => console.warn('Bürgernah <bn-file-picker>: the file list could not be loaded.', err),
      );
      void this.listLoading.then(() => (this.listLoading = undefined));
    }
  }

  /** Settles once the list shows the files, so "after an update" means "with the list". */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    if (!this.listLoading) return done;
    await this.listLoading;
    return super.getUpdateComplete();
  }

  /** @internal */
  changed(): void {
    this.dispatchEvent(new BnFilesChangeEvent(this.value));
    this.emitChange();
  }

  private accepts(file: File): boolean {
    const rules = this.accept
      .split(',')
      .map((r) => r.trim().toLowerCase())
      .filter(Boolean);
    if (!rules.length) return true;
    const name = file.name.toLowerCase();
    const type = file.type.toLowerCase();
    return rules.some((r) => (r.startsWith('.') ? name.endsWith(r) : r.endsWith('/*') ? type.startsWith(r.slice(0, -1)) : type === r));
  }

  private typesText(): string {
    return this.accept
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean)
      .map((r) => (r.startsWith('.') ? r.slice(1).toUpperCase() : r.endsWith('/*') ? r.slice(0, -2) : (r.split('/')[1]?.toUpperCase() ?? r)))
      .join(', ');
  }

  private onPicked(e: Event): void {
    const input = e.target as HTMLInputElement;
    this.addFiles(input.files ?? []);
    input.value = '';
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.dragging = false;
    if (!this.isDisabled && e.dataTransfer) this.addFiles(e.dataTransfer.files);
  }

  private onDragOver(e: DragEvent): void {
    e.preventDefault();
    this.dragging = true;
  }

  override render() {
    const error = this.errorText;
    const full = this.items.length >= this.maxFiles;
    const hint = [this.hint, this.t('filesHint', { maxFiles: this.maxFiles, maxSize: this.maxSize, types: this.typesText() })].filter(Boolean).join(' ');
    return html`<fieldset part="base" lang=${this.locale} ?disabled=${this.isDisabled} aria-describedby=${ifDefined(describedBy(hint, error))}>
      <legend part="label">${this.label}${this.required ? html`<span class="req" aria-hidden="true"> *</span>` : ''}</legend>
      ${renderHint(hint)}
      <div
        part="dropzone"
        class=${this.dragging ? 'dragging' : ''}
        @dragover=${this.onDragOver}
        @dragleave=${() => (this.dragging = false)}
        @drop=${this.onDrop}
      >
        <button part="choose" type="button" ?disabled=${full} aria-invalid=${error ? 'true' : 'false'} @click=${() => this.input?.click()}>
          ${this.maxFiles > 1 ? this.t('filesChooseMany') : this.t('filesChoose')}
        </button>
        <span class="drop-hint">${this.t('filesDrop')}</span>
        <input type="file" tabindex="-1" aria-hidden="true" accept=${ifDefined(this.accept || undefined)} ?multiple=${this.maxFiles > 1} @change=${this.onPicked} />
      </div>
      ${renderError(error)}
      ${this.items.length && this.list ? this.list.renderList(this) : ''}
      <div class="visually-hidden" aria-live="polite">${this.announcement?.()}</div>
    </fieldset>`;
  }
}
