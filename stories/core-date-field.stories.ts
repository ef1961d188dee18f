import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

const meta: Meta = {
  title: 'Core/bn-date-field',
  component: 'bn-date-field',
  render: (a) => html`<bn-date-field
    label=${a.label}
    hint=${ifDefined(a.hint)}
    min=${ifDefined(a.min)}
    max=${ifDefined(a.max)}
    value=${ifDefined(a.value)}
    error=${ifDefined(a.error)}
    ?required=${a.required}
    ?disabled=${a.disabled}
  ></bn-date-field>`,
  args: { label: 'Gewünschter Betreuungsbeginn', hint: 'Frühestens zum 1. August 2026.', min: '2026-08-01', required: true, disabled: false },
};
export default meta;
type Story = StoryObj;

export const Empty: Story = {};
export const Filled: Story = { args: { value: '2026-09-01' } };
export const OutOfRange: Story = { args: { value: '2026-07-01', error: 'Das Datum darf nicht vor dem 1. August 2026 liegen.' } };
export const Disabled: Story = { args: { disabled: true, value: '2026-08-01' } };
