import { expect } from '@open-wc/testing';
import { ApiClient, ApiProblem, NetworkError } from '../../../widgets/core/api-client.ts';
import { upload } from '../../../widgets/core/upload.ts';
import { fakeFetch, guardConsole, json, problem } from '../helpers.ts';

guardConsole();

const client = (f: typeof fetch, extra: Partial<ConstructorParameters<typeof ApiClient>[0]> = {}) =>
  new ApiClient({ baseUrl: 'https://api.example/', apiKey: 'bn_pk_abc', fetch: f, backoffMs: 1, ...extra });

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('ApiClient', () => {
  it('sends a publishable key on GETs as ?key= and no custom headers (simple CORS request)', async () => {
    const f = fakeFetch(() => json({ ok: true }));
    expect(await client(f).get('/v1/config', { query: { page: 2 } })).to.deep.equal({ ok: true });
    const { url, init } = f.calls[0]!;
    expect(url.href).to.equal('https://api.example/v1/config?page=2&key=bn_pk_abc');
    expect(init.headers).to.deep.equal({});
    expect(init.credentials).to.equal('omit');
  });

  it('sends secret keys as Bearer, never in the URL', async () => {
    const f = fakeFetch(() => json({}));
    await client(f, { apiKey: 'bn_sk_secret' }).get('/v1/staff/me');
    expect(f.calls[0]!.url.search).to.equal('');
    expect((f.calls[0]!.init.headers as Record<string, string>).authorization).to.equal('Bearer bn_sk_secret');
  });

  it('submits JSON with Bearer, Idempotency-Key and X-Altcha', async () => {
    const f = fakeFetch(() => json({ reference: 'BT-2026-00001' }, 201));
    const res = await client(f).submit('/v1/tips', { title: 'x' }, { idempotencyKey: 'k-1', altcha: 'abc' });
    expect(res).to.deep.equal({ reference: 'BT-2026-00001' });
    const h = f.calls[0]!.init.headers as Record<string, string>;
    expect(h.authorization).to.equal('Bearer bn_pk_abc');
    expect(h['idempotency-key']).to.equal('k-1');
    expect(h['x-altcha']).to.equal('abc');
    expect(h['content-type']).to.equal('application/json');
    expect(f.calls[0]!.init.body).to.equal('{"title":"x"}');
  });

  it('maps problem+json to a typed ApiProblem with field errors', async () => {
    const f = fakeFetch(() => problem(422, 'VALIDATION_FAILED', { errors: [{ path: 'contact.email', message: 'Invalid email' }] }));
    const err = await rejection(client(f).send('POST', '/v1/tips', {}));
    expect(err).to.be.instanceOf(ApiProblem);
    const p = err as ApiProblem;
    expect([p.status, p.code, p.requestId, p.detail]).to.deep.equal([422, 'VALIDATION_FAILED', 'req-1', 'VALIDATION_FAILED detail']);
    expect(p.errors).to.deep.equal([{ path: 'contact.email', message: 'Invalid email' }]);
    expect(f.calls).to.have.length(1);
  });

  it('maps 401 KEY_REVOKED and a non-JSON 500 and never retries them', async () => {
    const revoked = fakeFetch(() => problem(401, 'KEY_REVOKED'));
    const e1 = (await rejection(client(revoked).get('/v1/config'))) as ApiProblem;
    expect([e1.code, e1.isAuthProblem]).to.deep.equal(['KEY_REVOKED', true]);
    expect(revoked.calls).to.have.length(1);
    const html500 = fakeFetch(() => new Response('<h1>oops</h1>', { status: 500, headers: { 'content-type': 'text/html' } }));
    const e2 = (await rejection(client(html500).get('/v1/config'))) as ApiProblem;
    expect([e2.status, e2.code]).to.deep.equal([500, 'INTERNAL']);
    expect(html500.calls).to.have.length(1);
  });

  it('turns a failed fetch into NetworkError after retrying a GET', async () => {
    const f = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const err = await rejection(client(f).get('/v1/config'));
    expect(err).to.be.instanceOf(NetworkError);
    expect(f.calls).to.have.length(3);
  });

  it('retries a GET after 503 and succeeds', async () => {
    const f = fakeFetch(
      () => problem(503, 'UNAVAILABLE'),
      () => json({ ok: 1 }),
    );
    expect(await client(f).get('/v1/config')).to.deep.equal({ ok: 1 });
    expect(f.calls).to.have.length(2);
  });

  it('honours Retry-After on 429 and gives up when it is too long', async () => {
    const short = fakeFetch(
      () => problem(429, 'RATE_LIMITED', { headers: { 'retry-after': '0' } }),
      () => json({ ok: 1 }),
    );
    expect(await client(short).get('/v1/x')).to.deep.equal({ ok: 1 });
    const long = fakeFetch(() => problem(429, 'RATE_LIMITED', { headers: { 'retry-after': '3600' } }));
    const err = (await rejection(client(long).get('/v1/x'))) as ApiProblem;
    expect([err.code, err.retryAfter]).to.deep.equal(['RATE_LIMITED', 3600]);
    expect(long.calls).to.have.length(1);
  });

  it('retries a POST only when it carries an Idempotency-Key, with the same key', async () => {
    const plain = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await rejection(client(plain).send('POST', '/v1/x', {}));
    expect(plain.calls).to.have.length(1);
    const keyed = fakeFetch(
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => json({ id: 1 }, 201),
    );
    expect(await client(keyed).submit('/v1/x', {})).to.deep.equal({ id: 1 });
    const keys = keyed.calls.map((c) => (c.init.headers as Record<string, string>)['idempotency-key']);
    expect(keys[0]).to.match(/^[0-9a-f-]{36}$/);
    expect(keys[1]).to.equal(keys[0]);
  });

  it('times out with a NetworkError marked timedOut', async () => {
    const hang = ((_: RequestInfo | URL, init: RequestInit = {}) => new Promise((_r, reject) => init.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as typeof fetch;
    const err = (await rejection(client(hang, { timeoutMs: 20, retries: 0 }).get('/v1/config'))) as NetworkError;
    expect(err).to.be.instanceOf(NetworkError);
    expect(err.timedOut).to.be.true;
  });

  it('stops at once when the caller aborts', async () => {
    const hang = ((_: RequestInfo | URL, init: RequestInit = {}) => new Promise((_r, reject) => init.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as typeof fetch;
    const ac = new AbortController();
    const p = client(hang).get('/v1/config', { signal: ac.signal });
    ac.abort(new DOMException('gone', 'AbortError'));
    const err = (await rejection(p)) as DOMException;
    expect(err.name).to.equal('AbortError');
  });

  it('uploads multipart with progress through XMLHttpRequest', async () => {
    const c = new ApiClient({ baseUrl: location.origin, apiKey: 'bn_pk_abc' });
    const progress: number[] = [];
    const res = await upload<{ id: string; bytes: number; auth: string }>(c, new File(['x'.repeat(100_000)], 'a.txt', { type: 'text/plain' }), {
      path: '/__stub__/uploads',
      onProgress: (p) => progress.push(p),
    });
    expect(res.id).to.equal('up-stub');
    expect(res.bytes).to.be.greaterThan(100_000);
    expect(res.auth).to.equal('Bearer bn_pk_abc');
    expect(progress.at(-1)).to.equal(1);
  });

  it('maps an upload problem (413) to ApiProblem', async () => {
    const c = new ApiClient({ baseUrl: location.origin, apiKey: 'bn_pk_abc' });
    const err = (await rejection(upload(c, new Blob(['x']), { path: '/__stub__/too-large' }))) as ApiProblem;
    expect(err).to.be.instanceOf(ApiProblem);
    expect([err.status, err.code, err.requestId]).to.deep.equal([413, 'PAYLOAD_TOO_LARGE', 'r-413']);
  });
});
