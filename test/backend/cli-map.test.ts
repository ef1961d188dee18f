// `npx buergernah tenants create|update` with the map options: tile server, attribution,
// max zoom, geocoder; validated by the same schema as the admin API; update keeps what is not given.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';

const root = path.resolve(import.meta.dirname, '..', '..');
const env: Record<string, string> = { ...(process.env as Record<string, string>), NODE_ENV: 'test', LOG_LEVEL: 'silent' };
let cleanup = async () => {};

before(async () => {
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `bn_test_climap_${randomBytes(4).toString('hex')}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    cleanup = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bn-cli-map-'));
    env.BN_DATA_DIR = dir;
    delete env.DATABASE_URL;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
});
after(() => cleanup());

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'backend', 'cli.js'), ...args], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
const json = (r: { stdout: string }) => JSON.parse(r.stdout.trim());

const BASEMAP = 'https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png';

test('map options on create and update; update keeps the rest; bad values are refused with the field named', async () => {
  const created = await cli(
    'tenants', 'create', '--slug', 'kartenstadt', '--name', 'Kartenstadt', '--tile-url', BASEMAP,
    '--attribution', '© GeoBasis-DE / BKG (2026) CC BY 4.0', '--max-zoom', '19', '--center', '52.26,10.52', '--zoom', '14', '--geocoder-url', 'https://photon.example.de/api', '--json',
  );
  assert.equal(created.code, 0, created.stderr);
  assert.deepEqual(json(created).map, {
    tileUrl: BASEMAP,
    attribution: '© GeoBasis-DE / BKG (2026) CC BY 4.0',
    maxZoom: 19,
    center: [52.26, 10.52],
    zoom: 14,
    geocoder: { kind: 'photon', url: 'https://photon.example.de/api' },
  });

  const kind = await cli('tenants', 'update', 'kartenstadt', '--geocoder-kind', 'nominatim', '--json');
  assert.equal(kind.code, 0, kind.stderr);
  const map = json(kind).map;
  assert.equal(map.tileUrl, BASEMAP, 'the tile server stays');
  assert.equal(map.maxZoom, 19);
  assert.deepEqual(map.geocoder, { kind: 'nominatim', url: 'https://photon.example.de/api' }, 'the address stays');

  const off = await cli('tenants', 'update', 'kartenstadt', '--no-geocoder', '--tile-url', '', '--json');
  assert.equal(off.code, 0, off.stderr);
  assert.equal(json(off).map.geocoder, null);
  assert.equal(json(off).map.tileUrl, null);
  assert.equal(json(off).map.attribution, '© GeoBasis-DE / BKG (2026) CC BY 4.0');

  // Every bad value in one call: the schema names each field.
  const bad = await cli(
    'tenants', 'update', 'kartenstadt', '--tile-url', 'javascript:alert(1)//{z}/{x}/{y}', '--max-zoom', 'viel',
    '--geocoder-url', 'ftp://photon.example.de', '--attribution', '<script>x</script>', '--json',
  );
  assert.equal(bad.code, 1);
  const paths = json(bad).error.errors.map((e: { path: string }) => e.path).sort();
  assert.deepEqual(paths, ['map.attribution', 'map.geocoder.url', 'map.maxZoom', 'map.tileUrl']);
});
