import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fakeClient, type FakeMode } from '../.storybook/fake-api.ts';

const meta: Meta = {
  title: 'Core/bn-tenant',
  component: 'bn-tenant',
  render: (args) =>
    html`<bn-tenant .client=${fakeClient(args.mode as FakeMode)}>
      <bn-text-field label="Ein Feld im Widget" hint="Erscheint, sobald die Konfiguration geladen ist."></bn-text-field>
    </bn-tenant>`,
  argTypes: { mode: { control: 'select', options: ['ready', 'loading', 'revoked', 'origin', 'network'] } },
};
export default meta;

type Story = StoryObj;

export const Ready: Story = { args: { mode: 'ready' } };
export const Loading: Story = { args: { mode: 'loading' } };
/** 401 KEY_REVOKED: no retry button, details in the console for the webmaster. */
export const KeyRevoked: Story = { args: { mode: 'revoked' } };
/** 403 ORIGIN_NOT_ALLOWED: the page's origin is not in the tenant's list. */
export const OriginNotAllowed: Story = { args: { mode: 'origin' } };
/** Network failure: the citizen can try again. */
export const NetworkError: Story = { args: { mode: 'network' } };
