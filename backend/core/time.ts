// The municipalities' calendar: Europe/Berlin.

const yearFormat = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric' });
let memo = { hour: Number.NaN, year: 0 };

/**
 * The calendar year in Berlin (reference numbers such as BT-2026-00042 count per year).
 * Formatting through Intl costs more than a submission's SQL statement, so the answer is kept
 * for the UTC hour it was asked in: Berlin's offset from UTC is whole hours, so its year can
 * only change on a UTC hour boundary.
 */
export function berlinYear(at: Date = new Date()): number {
  const hour = Math.floor(at.getTime() / 3_600_000);
  if (hour !== memo.hour) memo = { hour, year: Number(yearFormat.format(at)) };
  return memo.year;
}
