import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

const options = [
  { value: 'morning', label: 'Vormittags', hint: '7 bis 12 Uhr' },
  { value: 'day', label: 'Ganztags', hint: '7 bis 17 Uhr' },
  { value: 'afternoon', label: 'Nachmittags', hint: '12 bis 17 Uhr', disabled: false },
];

const meta: Meta = {
  title: 'Core/bn-radio-group',
  component: 'bn-radio-group',
  render: (a) => html`<bn-radio-group
    label=${a.label}
    hint=${ifDefined(a.hint)}
    .options=${options}
    orientation=${a.orientation}
    value=${ifDefined(a.value)}
    error=${ifDefined(a.error)}
    ?required=${a.required}
    ?disabled=${a.disabled}
  ></bn-radio-group>`,
  args: { label: 'Betreuungszeit', hint: 'Sie können das später ändern.', orientation: 'vertical', required: true, disabled: false },
  argTypes: { orientation: { control: 'inline-radio', options: ['vertical', 'horizontal'] } },
};
export default meta;
type Story = StoryObj;

export const Empty: Story = {};
export const Selected: Story = { args: { value: 'day' } };
export const Horizontal: Story = { args: { orientation: 'horizontal' } };
export const Invalid: Story = { args: { error: 'Bitte wählen Sie eine Möglichkeit aus.' } };
export const Disabled: Story = { args: { disabled: true, value: 'morning' } };
