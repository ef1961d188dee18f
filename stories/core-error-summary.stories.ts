import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { BnErrorSummary } from '../widgets/core/error-summary.ts';

const meta: Meta = {
  title: 'Core/bn-error-summary',
  component: 'bn-error-summary',
};
export default meta;
type Story = StoryObj;

const show = (el: Element | undefined) => {
  const summary = el as BnErrorSummary | undefined;
  if (!summary || summary.errors.length) return;
  void summary.show([
    { target: 'title', message: 'Bitte geben Sie einen Titel ein.' },
    { target: 'email', message: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.' },
  ]);
};

/** After a failed submit: focused, each link moves focus to its field. */
export const WithErrors: Story = {
  render: () => html`<form novalidate>
    <bn-error-summary ${ref(show)}></bn-error-summary>
    <bn-text-field id="title" label="Titel" required error="Bitte geben Sie einen Titel ein."></bn-text-field>
    <bn-text-field id="email" type="email" label="E-Mail-Adresse" value="erika@" error="Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de."></bn-text-field>
  </form>`,
};

/** Without errors it renders nothing. */
export const Empty: Story = { render: () => html`<bn-error-summary></bn-error-summary><p>(keine Fehler)</p>` };
