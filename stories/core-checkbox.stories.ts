import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

const meta: Meta = {
  title: 'Core/bn-checkbox',
  component: 'bn-checkbox',
  render: (a) => html`<bn-checkbox
    hint=${ifDefined(a.hint)}
    error=${ifDefined(a.error)}
    ?checked=${a.checked}
    ?required=${a.required}
    ?disabled=${a.disabled}
    >Ich habe die <a href="https://beispielstadt.example/datenschutz">Datenschutzhinweise</a> gelesen.</bn-checkbox
  >`,
  args: { checked: false, required: true, disabled: false },
};
export default meta;
type Story = StoryObj;

export const Consent: Story = {};
export const Checked: Story = { args: { checked: true } };
export const Invalid: Story = { args: { error: 'Bitte bestätigen Sie dies.' } };
export const Disabled: Story = { args: { disabled: true } };
export const WithLabelProperty: Story = {
  render: () => html`<bn-checkbox label="Ich möchte per E-Mail informiert werden." hint="Höchstens eine Nachricht pro Statusänderung."></bn-checkbox>`,
};
