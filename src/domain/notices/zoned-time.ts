/**
 * The dialog asks for a date and a time as people read them in the app's zone (APP_TIMEZONE);
 * notices store instants. These convert between the two without a date library.
 */

/** The zone's offset from UTC at an instant, in ms (Helsinki: +2 h in winter, +3 h in summer). */
function offsetAt(instantMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instantMs));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** "2026-12-07" + "08:00" in the zone → the instant; undefined when either is not a real date or time. */
export function zonedToInstant(date: string, time: string, timeZone: string): Date | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(time.trim());
  if (!d || !t) return undefined;
  const [y, mo, day, h, mi] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (mo < 1 || mo > 12 || day < 1 || day > 31 || h > 23 || mi > 59) return undefined;
  const wall = Date.UTC(y, mo - 1, day, h, mi);
  if (new Date(wall).getUTCDate() !== day) return undefined; // 31 November and the like
  // The offset at the guessed instant, then again at the corrected one (a change of offset in between).
  let instant = wall - offsetAt(wall, timeZone);
  const again = wall - offsetAt(instant, timeZone);
  if (again !== instant) instant = again;
  return new Date(instant);
}

/** An instant → the date and time shown in the zone ("2026-12-07", "08:00"), for prefilling the form. */
export function instantToZoned(instant: string | Date, timeZone: string): { date: string; time: string } {
  const ms = new Date(instant).getTime();
  const local = new Date(ms + offsetAt(ms, timeZone));
  const iso = local.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}
