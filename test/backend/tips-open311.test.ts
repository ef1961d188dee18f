// Open311 GeoReport v2: field names and answers shaped as the spec's examples.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { world, type World } from './helpers.ts';
import { jpegWithGps, staff } from './tips-fixtures.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

const SERVICE_FIELDS = ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type'];
const REQUEST_FIELDS = [
  'address',
  'address_id',
  'agency_responsible',
  'description',
  'expected_datetime',
  'lat',
  'long',
  'media_url',
  'requested_datetime',
  'service_code',
  'service_name',
  'service_notice',
  'service_request_id',
  'status',
  'status_notes',
  'updated_datetime',
  'zipcode',
];

const get = (path: string) => w.app.request(`/open311/v2/${path}`);
const post = (body: URLSearchParams | FormData) => w.app.request('/open311/v2/requests.json', { method: 'POST', body });

async function o311Error(res: Response, status: number) {
  assert.equal(res.status, status);
  const body = await res.json();
  assert.ok(Array.isArray(body) && body.length === 1, JSON.stringify(body));
  assert.deepEqual(Object.keys(body[0]).sort(), ['code', 'description']);
  assert.equal(body[0].code, status);
  return body[0].description as string;
}

const form = (over: Record<string, string> = {}) =>
  new URLSearchParams({
    api_key: w.a.pk,
    jurisdiction_id: 'beispielstadt',
    service_code: 'beleuchtung',
    lat: '52.4003',
    long: '10.0502',
    description: 'Laterne flackert',
    email: 'app-user@example.org',
    first_name: 'Erika',
    last_name: 'Beispiel',
    'attribute[mastnummer]': 'L-0815',
    ...over,
  });

test('services.json lists the categories with the spec fields; no emergency category', async () => {
  const res = await get('services.json?jurisdiction_id=beispielstadt');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('Content-Type')!, /application\/json/);
  const list = await res.json();
  for (const s of list) assert.deepEqual(Object.keys(s).sort(), SERVICE_FIELDS);
  const light = list.find((s: { service_code: string }) => s.service_code === 'beleuchtung');
  assert.equal(light.service_name, 'Straßenbeleuchtung');
  assert.equal(light.metadata, true);
  assert.equal(light.type, 'realtime');
  assert.equal(light.group, 'Schadensmeldung');
  assert.ok(!list.some((s: { service_code: string }) => s.service_code === 'gas'));
  // By api_key alone too.
  assert.equal((await get(`services.json?api_key=${w.a.pk}`)).status, 200);
});

test('services/{code}.json describes the attributes', async () => {
  const def = await (await get('services/beleuchtung.json?jurisdiction_id=beispielstadt')).json();
  assert.equal(def.service_code, 'beleuchtung');
  assert.deepEqual(Object.keys(def.attributes[0]).sort(), ['code', 'datatype', 'datatype_description', 'description', 'order', 'required', 'values', 'variable']);
  assert.equal(def.attributes[0].code, 'mastnummer');
  assert.equal(def.attributes[0].datatype, 'string');
  assert.equal(def.attributes[0].variable, true);
  await o311Error(await get('services/nope.json?jurisdiction_id=beispielstadt'), 404);
});

test('errors: unknown jurisdiction, bad key, missing key for POST, unknown service, no location', async () => {
  await o311Error(await get('services.json?jurisdiction_id=gibtsnicht'), 404);
  await o311Error(await get('services.json'), 400);
  await o311Error(await get('services.json?jurisdiction_id=%00'), 400);
  await o311Error(await get('services.json?jurisdiction_id=..%2F'), 404);
  await o311Error(await get('requests/%00.json?jurisdiction_id=beispielstadt'), 400);
  await o311Error(await post(form({ description: 'a\u0000b' })), 400);
  await o311Error(await get(`services.json?api_key=${w.a.sk}`), 401);
  await o311Error(await get(`services.json?api_key=${w.a.pk}&jurisdiction_id=anderswo`), 404);
  const noKey = form();
  noKey.delete('api_key');
  await o311Error(await post(noKey), 401);
  await o311Error(await post(form({ service_code: 'nope' })), 400);
  const noLoc = form();
  noLoc.delete('lat');
  noLoc.delete('long');
  assert.match(await o311Error(await post(noLoc), 400), /location/);
  await o311Error(await post(form({ email: 'not-an-address' })), 400);
});

test('POST requests.json (form-encoded) answers as the spec example; GET finds it', async () => {
  const res = await post(form());
  assert.equal(res.status, 201);
  const body = await res.json();
  assert.equal(body.length, 1);
  assert.deepEqual(Object.keys(body[0]).sort(), ['account_id', 'service_notice', 'service_request_id', 'token']);
  const id = body[0].service_request_id;
  assert.match(id, /^BT-\d{4}-\d{5}$/);
  // Stored as a tip from Open311 with its attribute and contact.
  const tip = await (await staff(w, w.a.sk, `/${id}`)).json();
  assert.equal(tip.source, 'open311');
  assert.deepEqual(tip.answers, { mastnummer: 'L-0815' });
  assert.deepEqual(tip.contact, { name: 'Erika Beispiel', email: 'app-user@example.org' });
  // Unpublished: not there at all, as in <bn-tip-list> (not even status, category or times).
  await o311Error(await get(`requests/${id}.json?jurisdiction_id=beispielstadt`), 404);
  await o311Error(await get(`requests/${id}.json?api_key=${w.a.pk}`), 404);
  assert.deepEqual(await (await get(`requests.json?jurisdiction_id=beispielstadt&service_request_id=${id}`)).json(), []);
  // The token resolves to the id.
  const tok = await (await get(`tokens/${body[0].token}.json?jurisdiction_id=beispielstadt`)).json();
  assert.deepEqual(tok, [{ service_request_id: id, token: body[0].token }]);
  await o311Error(await get(`tokens/${'z'.repeat(32)}.json?jurisdiction_id=beispielstadt`), 404);
  // Published and answered: everything public, no personal data.
  await staff(w, w.a.sk, `/${id}`, { method: 'PATCH', json: { published: true, status: 'resolved', publicAnswer: 'Leuchtmittel getauscht.' } });
  const res2 = await get(`requests/${id}.json?jurisdiction_id=beispielstadt`);
  const text = await res2.text();
  assert.ok(!text.includes('app-user@example.org') && !text.includes('Erika'));
  const [r] = JSON.parse(text);
  assert.deepEqual(Object.keys(r).sort(), REQUEST_FIELDS);
  assert.equal(r.status, 'closed');
  assert.equal(r.status_notes, 'Leuchtmittel getauscht.');
  assert.equal(r.service_name, 'Straßenbeleuchtung');
  assert.equal(r.agency_responsible, 'Gemeinde Beispielstadt');
  assert.equal(r.lat, 52.4003);
  assert.equal(r.long, 10.0502);
  assert.match(r.requested_datetime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  // Lists with the spec's filters.
  const all = await (await get('requests.json?jurisdiction_id=beispielstadt')).json();
  assert.ok(all.some((x: { service_request_id: string }) => x.service_request_id === id));
  const closed = await (await get('requests.json?jurisdiction_id=beispielstadt&status=closed&service_code=beleuchtung')).json();
  assert.ok(closed.some((x: { service_request_id: string }) => x.service_request_id === id));
  const open = await (await get('requests.json?jurisdiction_id=beispielstadt&status=open')).json();
  assert.ok(!open.some((x: { service_request_id: string }) => x.service_request_id === id));
  const byId = await (await get(`requests.json?jurisdiction_id=beispielstadt&service_request_id=${id},BT-1999-00001`)).json();
  assert.equal(byId.length, 1);
  const old = await (await get('requests.json?jurisdiction_id=beispielstadt&start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z')).json();
  assert.deepEqual(old, []);
  await o311Error(await get('requests.json?jurisdiction_id=beispielstadt&start_date=2020-01-01T00:00:00Z&end_date=2021-01-01T00:00:00Z'), 400);
  await o311Error(await get('requests.json?jurisdiction_id=beispielstadt&status=maybe'), 400);
  // Another jurisdiction never sees it.
  await o311Error(await get(`requests/${id}.json?jurisdiction_id=anderswo`), 404);
});

test('multipart POST with media: stored through the upload pipeline, GPS gone, served as media_url', async () => {
  const fd = new FormData();
  for (const [k, v] of form({ description: 'Mit Foto' })) fd.append(k, v);
  fd.append('media', new Blob([new Uint8Array(await jpegWithGps())], { type: 'image/jpeg' }), 'photo.jpg');
  fd.append('media_url', 'http://169.254.169.254/latest/meta-data/');
  const res = await post(fd);
  assert.equal(res.status, 201);
  const [{ service_request_id: id }] = await res.json();
  await staff(w, w.a.sk, `/${id}`, { method: 'PATCH', json: { published: true } });
  const [r] = await (await get(`requests/${id}.json?jurisdiction_id=beispielstadt`)).json();
  assert.match(r.media_url, new RegExp(`^http://localhost/open311/v2/media/beispielstadt/${id}/[0-9a-f-]{36}$`));
  const img = await w.app.request(r.media_url.replace('http://localhost', ''));
  assert.equal(img.status, 200);
  assert.equal((await sharp(Buffer.from(await img.arrayBuffer())).metadata()).exif, undefined);
  const bad = new FormData();
  for (const [k, v] of form()) bad.append(k, v);
  bad.append('media', new Blob([new Uint8Array(Buffer.from('not an image'))], { type: 'image/jpeg' }), 'x.jpg');
  await o311Error(await post(bad), 415);
});

test('a tenant can switch Open311 submissions off', async () => {
  await staff(w, w.c.sk, '/settings', { method: 'PUT', json: { open311: false } });
  assert.match(await o311Error(await post(form({ api_key: w.c.pk, jurisdiction_id: 'anderswo' })), 403), /Open311/);
  // Reads stay available.
  assert.equal((await get('services.json?jurisdiction_id=anderswo')).status, 200);
});

test('Open311 POSTs are rate limited', async () => {
  process.env.BN_RATE_OPEN311 = '2';
  try {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(form({ api_key: w.b.pk, jurisdiction_id: 'musterkreis', service_code: 'strasse' }))).status);
    assert.deepEqual(statuses.slice(0, 2), [201, 201]);
    assert.equal(statuses[2], 429);
  } finally {
    delete process.env.BN_RATE_OPEN311;
  }
});

test('Open311 reads are rate limited per client address, lookups by id too', async () => {
  const own = await world();
  process.env.BN_RATE_OPEN311_READ = '5';
  try {
    const statuses: number[] = [];
    for (let i = 1; i <= 8; i++) {
      const res = await own.app.request(`/open311/v2/requests/BT-2026-${String(i).padStart(5, '0')}.json?jurisdiction_id=beispielstadt`);
      statuses.push(res.status);
      if (res.status === 429) assert.ok(Number(res.headers.get('Retry-After')) >= 1);
      await res.body?.cancel();
    }
    // Reads are counted in batches (consumeBatched): a process may overshoot by one request.
    assert.deepEqual(statuses.slice(0, 5), [404, 404, 404, 404, 404]);
    assert.ok(statuses.filter((s) => s === 404).length <= 6, String(statuses));
    assert.deepEqual(statuses.slice(-2), [429, 429], String(statuses));
    assert.equal((await own.app.request('/open311/v2/services.json?jurisdiction_id=beispielstadt')).status, 429);
  } finally {
    delete process.env.BN_RATE_OPEN311_READ;
    await own.close();
  }
});

test('a tenant can require the api_key for Open311 reads (open311RequireKey)', async () => {
  await staff(w, w.b.sk, '/settings', { method: 'PUT', json: { open311RequireKey: true } });
  try {
    for (const path of ['services.json', 'services/strasse.json', 'requests.json', 'requests/BT-2026-00001.json', `tokens/${'a'.repeat(32)}.json`]) {
      assert.match(await o311Error(await get(`${path}?jurisdiction_id=musterkreis`), 401), /api_key/, path);
      assert.notEqual((await get(`${path}${path.includes('?') ? '&' : '?'}jurisdiction_id=musterkreis&api_key=${w.b.pk}`)).status, 401, path);
    }
    // Another tenant's setting does not reach here.
    assert.equal((await get('services.json?jurisdiction_id=beispielstadt')).status, 200);
  } finally {
    await staff(w, w.b.sk, '/settings', { method: 'PUT', json: { open311RequireKey: false } });
  }
});

/** A multipart body as a stream that counts how much of it the server pulled. */
function countedMultipart(fields: [string, string][], mediaBytes: number, keyAfterMedia?: string) {
  const boundary = 'bn-test-boundary';
  const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head = Buffer.from(fields.map(([k, v]) => part(k, v)).join('') + `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="x.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
  const tail = Buffer.from(`\r\n${keyAfterMedia ? part('api_key', keyAfterMedia) : ''}--${boundary}--\r\n`);
  const pieces = [head, ...Array.from({ length: Math.ceil(mediaBytes / 65536) }, () => Buffer.alloc(65536, 7)), tail];
  const counter = { pulled: 0 };
  let i = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (i >= pieces.length) return controller.close();
        const piece = pieces[i++]!;
        counter.pulled += piece.byteLength;
        controller.enqueue(new Uint8Array(piece));
      },
    },
    { highWaterMark: 0 },
  );
  const init = { method: 'POST', body, duplex: 'half', headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } } as RequestInit;
  return { init, counter };
}

test('POST authenticates before reading the body: an unauthenticated 10 MB post costs at most 64 KB', async () => {
  const fields = [...form()].filter(([k]) => k !== 'api_key');
  for (const key of [undefined, 'bn_pk_garbage', w.a.sk]) {
    const { init, counter } = countedMultipart(key ? [['api_key', key], ...fields] : fields, 10 * 1024 * 1024 - 100_000);
    const res = await w.app.request('/open311/v2/requests.json', init);
    await o311Error(res, 401);
    assert.ok(counter.pulled < 200 * 1024, `read ${counter.pulled} bytes for ${key}`);
  }
  // The key after the media is not looked for: the answer says where it goes.
  const late = countedMultipart(fields, 300_000, w.a.pk);
  assert.match(await o311Error(await w.app.request('/open311/v2/requests.json', late.init), 401), /query string|before any media/);
  // Over the upload limit: refused unread when declared.
  const huge = countedMultipart([['api_key', w.a.pk], ...fields], 20 * 1024 * 1024);
  (huge.init.headers as Record<string, string>)['Content-Length'] = String(20 * 1024 * 1024);
  await o311Error(await w.app.request('/open311/v2/requests.json', huge.init), 413);
  assert.ok(huge.counter.pulled < 200 * 1024);
  // A form-encoded body over 64 KB is no report.
  await o311Error(await post(form({ description: 'x'.repeat(70_000) })), 413);
});

test('POST with the api_key in the query string or as the first form field, media after it', async () => {
  const photo = new Uint8Array(await jpegWithGps());
  const fields = [...form({ description: 'Schlagloch mit Foto' })].filter(([k]) => k !== 'api_key');
  const inQuery = new FormData();
  for (const [k, v] of fields) inQuery.append(k, v);
  inQuery.append('media', new Blob([photo], { type: 'image/jpeg' }), 'foto.jpg');
  const res = await w.app.request(`/open311/v2/requests.json?api_key=${w.a.pk}`, { method: 'POST', body: inQuery });
  assert.equal(res.status, 201, await res.clone().text());
  const first = new FormData();
  first.append('api_key', w.a.pk);
  for (const [k, v] of fields) first.append(k, v);
  first.append('media', new Blob([photo], { type: 'image/jpeg' }), 'foto.jpg');
  assert.equal((await post(first)).status, 201);
  // A wrong key in the query is refused before anything is read.
  await o311Error(await w.app.request('/open311/v2/requests.json?api_key=bn_pk_garbage', { method: 'POST', body: first }), 401);
});
