/**
 * The tips module's audit entries in words, for the console's audit log (loaded with it):
 * "Anliegen geändert — Stand: Neu → In Bearbeitung; Zuständig: Mia Meier".
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { AuditWording } from '../core/audit-wording.ts';
import { isolate } from '../core/bidi.ts';
import type { Locale } from '../core/i18n.ts';
import { TIP_STATUSES, type TipStatus } from '../../backend/tips/schema.ts';
import { consoleTipsMessages, type ConsoleTipsKey } from './console-messages.ts';

const t = (l: Locale, k: ConsoleTipsKey) => consoleTipsMessages.t(l, k);

const WORDS = {
  de: {
    'tip.update': 'Anliegen geändert',
    'tip.note': 'Interne Notiz geschrieben',
    'tip.forward': 'Anliegen weitergeleitet',
    'tip.forwarded-in': 'Anliegen übernommen',
    'tips.settings': 'Einstellungen der Bürgertipps geändert',
    answer: 'Öffentliche Antwort',
    answer_sent: 'gesendet',
    answer_repeated: 'noch einmal gesendet',
    answer_cleared: 'entfernt',
    description: 'Öffentlicher Text bearbeitet',
    to: 'an',
    from: 'von',
    fields: 'Geändert',
    nobody: 'niemand',
  },
  en: {
    'tip.update': 'Report changed',
    'tip.note': 'Internal note written',
    'tip.forward': 'Report forwarded',
    'tip.forwarded-in': 'Report taken over',
    'tips.settings': 'Citizen tips settings changed',
    answer: 'Public answer',
    answer_sent: 'sent',
    answer_repeated: 'sent again',
    answer_cleared: 'removed',
    description: 'Public text edited',
    to: 'to',
    from: 'from',
    fields: 'Changed',
    nobody: 'nobody',
  },
} as const;

const FIELDS: Record<string, ConsoleTipsKey> = {
  kinds: 'kind',
  categories: 'category',
  templates: 'template',
  notifyEmail: 'contact',
};

const isStatus = (x: unknown): x is TipStatus => typeof x === 'string' && (TIP_STATUSES as readonly string[]).includes(x);
const status = (l: Locale, x: unknown) => (isStatus(x) ? t(l, `status_${x}`) : '—');
const nameOf = (x: unknown): string | null => (x && typeof x === 'object' && 'name' in x ? String((x as { name: unknown }).name || '') || null : typeof x === 'string' ? x : null);

const wording: AuditWording = {
  action(l, action) {
    return (WORDS[l] as Record<string, string>)[action] ?? null;
  },
  details(l, action, d) {
    const w = WORDS[l];
    const parts: (TemplateResult | string)[] = [];
    if (action === 'tip.update') {
      const s = d.status as { from?: unknown; to?: unknown } | undefined;
      if (s) parts.push(`${t(l, 'status')}: ${status(l, s.from)} → ${status(l, s.to)}`);
      if (d.publicAnswer !== undefined) {
        const how = d.publicAnswer === 'repeated' ? w.answer_repeated : d.publicAnswer === 'cleared' ? w.answer_cleared : w.answer_sent;
        parts.push(`${w.answer}: ${how}`);
      }
      if (d.description) parts.push(w.description);
      if (typeof d.published === 'boolean') parts.push(t(l, d.published ? 'ev_published' : 'ev_unpublished'));
      if ('assignee' in d) {
        const who = nameOf(d.assignee);
        parts.push(html`${t(l, 'assignee')}: ${who && !/^(user:|key_)/.test(who) ? isolate(who) : d.assignee ? '—' : w.nobody}`);
      }
    } else if (action === 'tip.forward' || action === 'tip.forwarded-in') {
      const other = nameOf(action === 'tip.forward' ? d.to : d.from);
      if (other) parts.push(html`${action === 'tip.forward' ? w.to : w.from} ${isolate(other)}`);
    } else if (action === 'tips.settings' && Array.isArray(d.fields)) {
      parts.push(`${w.fields}: ${d.fields.map((f) => (FIELDS[String(f)] ? t(l, FIELDS[String(f)]!) : String(f))).join(', ')}`);
    } else if (action === 'tip.note') {
      return '';
    }
    if (!parts.length) return null;
    return html`${parts.map((p, i) => html`${i ? '; ' : nothing}${p}`)}`;
  },
};

export default wording;
