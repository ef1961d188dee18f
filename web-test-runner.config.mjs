// Widget tests in a real Chromium (see /work/shared/toolchain.md for why these versions/flags).
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'].filter(Boolean);
const executablePath = candidates.find((p) => existsSync(p));
if (!executablePath) {
  console.error('No Chromium/Chrome found. Install one (Debian/Ubuntu: `apt-get install -y chromium`) ' + 'or set CHROME_PATH to a Chrome/Chromium binary.');
  process.exit(1);
}

/**
 * A tiny stub API for the client's XMLHttpRequest upload tests (fetch is faked
 * in-page instead): echoes the multipart size, or answers with a problem.
 */
function stubApi(ctx, next) {
  if (ctx.path === '/__stub__/uploads' && ctx.method === 'POST') {
    return new Promise((resolve) => {
      let size = 0;
      ctx.req.on('data', (c) => (size += c.length));
      ctx.req.on('end', () => {
        ctx.status = 201;
        ctx.type = 'application/json';
        ctx.body = JSON.stringify({ id: 'up-stub', bytes: size, auth: ctx.get('authorization') });
        resolve();
      });
    });
  }
  if (ctx.path === '/__stub__/too-large' && ctx.method === 'POST') {
    ctx.status = 413;
    ctx.type = 'application/problem+json';
    ctx.body = JSON.stringify({ type: 'about:blank', title: 'Payload too large', status: 413, code: 'PAYLOAD_TOO_LARGE', requestId: 'r-413' });
    return undefined;
  }
  if (ctx.path === '/__stub__/v1/config' && ctx.method === 'GET') {
    const ok = ctx.query.key === 'bn_pk_good';
    ctx.status = ok ? 200 : 401;
    ctx.type = ok ? 'application/json' : 'application/problem+json';
    ctx.body = JSON.stringify(
      ok
        ? {
            tenant: { id: 't1', slug: 'musterkreis', name: 'Landkreis Musterkreis', parent: null },
            modules: [],
            languages: ['de', 'en'],
            theme: { '--bn-color-primary': 'rgb(1, 2, 3)' },
            map: { tileUrl: '', attribution: '', center: [51, 10], zoom: 9 },
            privacyUrl: null,
            accessibilityUrl: null,
            contactEmail: null,
          }
        : { type: 'about:blank', title: 'Key revoked', status: 401, code: 'KEY_REVOKED', requestId: 'r-401' },
    );
    return undefined;
  }
  return next();
}

/**
 * A lazily loaded module lost to the network: a test arms one failure for a module path
 * (POST /__stub__/fail-next?path=/widgets/tips/location-search.ts); the next request for it
 * answers 503, the one after that is served again.
 */
const failNext = new Set();
function flakyModules(ctx, next) {
  if (ctx.path === '/__stub__/fail-next' && ctx.method === 'POST') {
    failNext.add(String(ctx.query.path));
    ctx.status = 204;
    return undefined;
  }
  if (failNext.delete(ctx.path)) {
    // Sent at once, past Koa: the dev server would mark the 503 cacheable for a year, and the
    // browser would then never ask again.
    ctx.respond = false;
    ctx.res.writeHead(503, { 'cache-control': 'no-store', 'content-length': '0' });
    ctx.res.end();
    return undefined;
  }
  return next();
}

export default {
  middleware: [flakyModules, stubApi],
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
      // Every test file's page fetches our modules anew: a module an earlier file loaded would
      // otherwise come from the browser's cache, and a failure armed below could not happen.
      createPage: async ({ context }) => {
        const page = await context.newPage();
        await page.setCacheEnabled(false);
        return page;
      },
    }),
  ],
  // Browser logs stay visible; test/widgets/helpers.ts guardConsole() also fails a
  // test on any console.error/warn it did not declare, so tests stay quiet.
  filterBrowserLogs: () => true,
};
