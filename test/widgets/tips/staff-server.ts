/**
 * A fake staff tips API with every route the console calls, for the console tests and the
 * layout measure: the inbox with counts, the map's points, bulk, saved filters, forward targets.
 */
import type { InboxPoints, SavedFilter, StaffTip, StaffTipPage, TipStatus } from '../../../backend/tips/schema.ts';
import { FakeTipsServer, json, problem } from './fake-api.ts';
import { DEFAULT_SETTINGS_FOR_TESTS, inboxRows } from './staff-fixtures.ts';

export const ASSIGNEES = [
  { id: 'user:00000000-0000-4000-8000-000000000009', label: 'Friederike Musterfrau-Schulze' },
  { id: 'key_AAAAAAAAAAAAAAAA', label: 'Frau Petersen' },
];

export class StaffTipsServer extends FakeTipsServer {
  tips: StaffTip[];
  filters: SavedFilter[] = [];

  constructor(tips: StaffTip[]) {
    super();
    this.tips = tips;
    this.on('GET /v1/staff/tips/settings', () => json(DEFAULT_SETTINGS_FOR_TESTS));
    this.on('GET /v1/staff/tips/assignees', () => json({ items: ASSIGNEES }));
    this.on('GET /v1/staff/tips/forward-targets', () =>
      json({
        items: [
          { slug: 'musterkreis', name: 'Landkreis Musterkreis' },
          { slug: 'nachbarort', name: 'Gemeinde Nachbarort' },
        ],
      }),
    );
    this.on('GET /v1/staff/tips', (c) => {
      const q = c.url.searchParams;
      const size = Number(q.get('pageSize') ?? 20);
      const page = Number(q.get('page') ?? 1);
      const counts = { new: 0, acknowledged: 0, in_progress: 0, resolved: 0, rejected: 0 } as Record<TipStatus, number>;
      for (const t of this.tips) counts[t.status]++;
      const hits = this.tips.filter((t) => !q.get('status') || t.status === q.get('status'));
      const body: StaffTipPage = { items: hits.slice((page - 1) * size, page * size), counts, total: hits.length, page, pageSize: size };
      return json(body);
    });
    this.on('GET /v1/staff/tips/points', () => {
      const items = this.tips.filter((t) => t.location?.lat != null).map((t) => ({ ref: t.ref, lat: t.location!.lat!, lng: t.location!.lng!, status: t.status, kind: t.kind, category: t.category }));
      return json({ items, total: items.length, truncated: false } satisfies InboxPoints);
    });
    this.on('GET /v1/staff/tips/filters', () => json({ items: this.filters }));
    this.on('POST /v1/staff/tips/filters', (c) => {
      const b = c.body as { name: string; query: Record<string, string> };
      const f = { id: `00000000-0000-4000-8000-f${String(this.filters.length + 1).padStart(11, '0')}`, name: b.name, query: b.query, createdAt: '2026-05-06T10:00:00Z' };
      this.filters = [...this.filters.filter((x) => x.name !== b.name), f];
      return json(f, 201);
    });
    this.on('DELETE /v1/staff/tips/filters/:id', (c) => {
      this.filters = this.filters.filter((f) => !c.path.endsWith(f.id));
      return new Response(null, { status: 204 });
    });
    this.on('POST /v1/staff/tips/bulk', (c) => {
      const b = c.body as { refs: string[]; status?: TipStatus; published?: boolean; assignee?: string | null };
      const results = b.refs.map((ref) => {
        const t = this.tips.find((x) => x.ref === ref);
        if (!t) return { ref, ok: false, code: 'NOT_FOUND', message: 'Not found' };
        if (b.status && t.status === 'resolved') return { ref, ok: false, code: 'INVALID_TRANSITION', message: 'A tip that is resolved can become in_progress.' };
        Object.assign(
          t,
          b.status ? { status: b.status } : {},
          b.published !== undefined ? { published: b.published } : {},
          b.assignee !== undefined ? { assignee: ASSIGNEES.find((a) => a.id === b.assignee) ?? null } : {},
        );
        return { ref, ok: true };
      });
      const done = results.filter((r) => r.ok).length;
      return json({ results, done, failed: results.length - done });
    });
    this.on('GET /v1/staff/tips/:ref', (c) => {
      const t = this.tips.find((x) => c.path.endsWith(`/${x.ref}`));
      return t ? json(t) : problem(404, 'NOT_FOUND');
    });
  }
}

export const inboxServer = (n: number) => new StaffTipsServer(inboxRows(n));
