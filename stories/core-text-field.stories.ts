import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

const meta: Meta = {
  title: 'Core/bn-text-field',
  component: 'bn-text-field',
  render: (a) => html`<bn-text-field
    label=${a.label}
    hint=${ifDefined(a.hint)}
    type=${a.type}
    value=${ifDefined(a.value)}
    error=${ifDefined(a.error)}
    ?required=${a.required}
    ?disabled=${a.disabled}
  ></bn-text-field>`,
  args: { label: 'E-Mail-Adresse', hint: 'Für Rückfragen zu Ihrem Hinweis.', type: 'email', required: false, disabled: false },
  argTypes: { type: { control: 'select', options: ['text', 'email', 'tel', 'number'] } },
};
export default meta;
type Story = StoryObj;

export const Empty: Story = {};
export const Filled: Story = { args: { value: 'erika@beispiel.de' } };
export const Required: Story = { args: { required: true } };
export const Invalid: Story = { args: { value: 'erika@', error: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.' } };
export const Disabled: Story = { args: { disabled: true, value: 'erika@beispiel.de' } };
export const NumberInput: Story = { args: { type: 'number', label: 'Anzahl Kinder', hint: '' } };
