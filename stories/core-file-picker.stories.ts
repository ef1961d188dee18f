import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { BnFilePicker } from '../widgets/core/file-picker.ts';

const photo = (name: string, kb: number) => new File([new Uint8Array(kb * 1000)], name, { type: 'image/jpeg' });

/** Fills the picker after render, optionally with a simulated upload in progress. */
function withFiles(files: File[], progress?: number) {
  return (el: Element | undefined) => {
    const picker = el as BnFilePicker | null;
    if (!picker || picker.files.length) return;
    picker.addFiles(files);
    if (progress === undefined) return;
    picker.uploader = (async (_c: unknown, _f: unknown, o: { onProgress?: (p: number) => void } = {}) => {
      o.onProgress?.(progress);
      return new Promise(() => {});
    }) as unknown as BnFilePicker['uploader'];
    void picker.upload({} as never).catch(() => {});
  };
}

const meta: Meta = {
  title: 'Core/bn-file-picker',
  component: 'bn-file-picker',
  render: () => html`<bn-file-picker label="Fotos" accept="image/*" max-files="3" max-size="10000000"></bn-file-picker>`,
};
export default meta;
type Story = StoryObj;

export const Empty: Story = {};
export const WithFiles: Story = {
  render: () => html`<bn-file-picker label="Fotos" accept="image/*" max-files="3" ${refTo(withFiles([photo('schlagloch.jpg', 1800), photo('uebersicht.jpg', 950)]))}></bn-file-picker>`,
};
export const Uploading: Story = {
  render: () => html`<bn-file-picker label="Fotos" accept="image/*" max-files="3" ${refTo(withFiles([photo('schlagloch.jpg', 1800)], 0.4))}></bn-file-picker>`,
};
export const Full: Story = {
  render: () => html`<bn-file-picker label="Foto" accept="image/*" max-files="1" ${refTo(withFiles([photo('laterne.jpg', 700)]))}></bn-file-picker>`,
};
export const Invalid: Story = {
  render: () => html`<bn-file-picker label="Fotos" accept="image/*" required error="Bitte fügen Sie mindestens ein Foto hinzu."></bn-file-picker>`,
};

function refTo(fn: (el: Element | undefined) => void) {
  return ref((el) => fn(el));
}
