import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

const options = [
  { value: 'road', label: 'Straße und Gehweg' },
  { value: 'light', label: 'Straßenbeleuchtung' },
  { value: 'green', label: 'Grünanlagen' },
  { value: 'waste', label: 'Müll und Sauberkeit' },
];

const meta: Meta = {
  title: 'Core/bn-select',
  component: 'bn-select',
  render: (a) => html`<bn-select
    label=${a.label}
    hint=${ifDefined(a.hint)}
    .options=${options}
    value=${ifDefined(a.value)}
    error=${ifDefined(a.error)}
    ?required=${a.required}
    ?disabled=${a.disabled}
  ></bn-select>`,
  args: { label: 'Kategorie', hint: 'Worum geht es?', required: true, disabled: false },
};
export default meta;
type Story = StoryObj;

export const Empty: Story = {};
export const Selected: Story = { args: { value: 'light' } };
export const Invalid: Story = { args: { error: 'Bitte wählen Sie eine Möglichkeit aus.' } };
export const Disabled: Story = { args: { disabled: true, value: 'road' } };
/** Plain HTML: options as <option> children. */
export const FromOptionChildren: Story = {
  render: () => html`<bn-select label="Größe"><option value="s">Klein</option><option value="l">Groß</option></bn-select>`,
};
