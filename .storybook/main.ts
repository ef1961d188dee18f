import type { StorybookConfig } from '@storybook/web-components-vite';

/**
 * Storybook for the widgets: offline (no telemetry, no add-ons that fetch), stories
 * in stories/, one file per widget, every state a story.
 */
const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  addons: [],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Lit decorators need experimentalDecorators / useDefineForClassFields false: Vite's
  // esbuild reads them from tsconfig.json, the same settings the tests and build use.
  viteFinal: async (viteConfig) => ({
    ...viteConfig,
    resolve: { ...viteConfig.resolve, conditions: ['production', 'browser', 'module', 'import', 'default'] },
  }),
};

export default config;
