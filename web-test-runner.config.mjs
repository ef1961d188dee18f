// Widget tests in a real Chromium (see /work/shared/toolchain.md for why these versions/flags).
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const candidates = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
].filter(Boolean);
const executablePath = candidates.find((p) => existsSync(p));
if (!executablePath) {
  console.error(
    'No Chromium/Chrome found. Install one (Debian/Ubuntu: `apt-get install -y chromium`) ' +
      'or set CHROME_PATH to a Chrome/Chromium binary.',
  );
  process.exit(1);
}

export default {
  files: ['test/widgets/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production', 'browser'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  // Keyboard and focus tests need the one focused page to themselves.
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-quic',
          '--no-first-run',
          '--disable-default-apps',
          '--disable-extensions',
          '--lang=de-DE',
        ],
      },
    }),
  ],
  // Console output of the browser would hide real failures; tests must stay quiet.
  filterBrowserLogs: () => true,
};
