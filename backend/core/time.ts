// The municipalities' calendar: Europe/Berlin. Shared by the backend and the widgets (no Node APIs).

// One formatter for the whole process: building an Intl.DateTimeFormat costs more than formatting
// with it (the Kita registration rush measured it among the server's own top costs).
const dayFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
let memo = { hour: Number.NaN, day: '' };

/**
 * The calendar day in Berlin at `now` as `yyyy-mm-dd` (deadlines, periods and "today" of every
 * module are Berlin days, not UTC's). Formatting through Intl costs more than a submission's SQL
 * statement, so the answer is kept for the UTC hour it was asked in: Berlin's offset from UTC is
 * whole hours, so its calendar day can only change on a UTC hour boundary.
 */
export function berlinToday(now: Date = new Date()): string {
  const hour = Math.floor(now.getTime() / 3_600_000);
  if (hour !== memo.hour) {
    // Assembled from the parts: a locale's date pattern (en-CA's y-MM-dd) is CLDR's to change.
    const parts = dayFormat.formatToParts(now);
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    memo = { hour, day: `${part('year')}-${part('month')}-${part('day')}` };
  }
  return memo.day;
}

const clockFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Minutes east of UTC of Europe/Berlin at an instant (60 or 120). */
export function berlinOffsetMinutes(at: Date): number {
  const parts = clockFormat.formatToParts(at);
  const n = (t: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The calendar year in Berlin (reference numbers such as BT-2026-00042 count per year). */
export function berlinYear(at: Date = new Date()): number {
  return Number(berlinToday(at).slice(0, 4));
}

/** A calendar day (`yyyy-mm-dd`) plus `n` days (negative: earlier); no time zone involved. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
