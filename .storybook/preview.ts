import type { Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../widgets/core/elements.ts';
import '../widgets/core/form-elements.ts';

/** A language switch in the toolbar: every widget follows the closest [lang]. */
const preview: Preview = {
  globalTypes: {
    locale: {
      description: 'Sprache / language',
      toolbar: {
        title: 'Sprache',
        icon: 'globe',
        items: [
          { value: 'de', title: 'Deutsch' },
          { value: 'en', title: 'English' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'de' },
  decorators: [(story, context) => html`<div lang=${context.globals.locale ?? 'de'}>${story()}</div>`],
  parameters: {
    controls: { expanded: true },
  },
};

export default preview;
