import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

const meta: Meta = {
  title: 'Core/bn-textarea',
  component: 'bn-textarea',
  render: (a) => html`<bn-textarea
    label=${a.label}
    hint=${ifDefined(a.hint)}
    maxlength=${ifDefined(a.maxlength)}
    value=${ifDefined(a.value)}
    error=${ifDefined(a.error)}
    ?required=${a.required}
    ?disabled=${a.disabled}
  ></bn-textarea>`,
  args: { label: 'Beschreibung', hint: 'Was ist wo passiert?', maxlength: 500, required: true, disabled: false },
};
export default meta;
type Story = StoryObj;

export const Empty: Story = {};
export const WithText: Story = { args: { value: 'Die Straßenlaterne vor Hausnummer 12 ist seit einer Woche defekt.' } };
export const OverLimit: Story = { args: { maxlength: 20, value: 'Dieser Text ist deutlich länger als erlaubt.' } };
export const Invalid: Story = { args: { error: 'Bitte beschreiben Sie Ihr Anliegen.' } };
export const Disabled: Story = { args: { disabled: true, value: 'Nicht änderbar' } };
