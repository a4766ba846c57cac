import {
  completionIndex,
  filterEvents,
  foldIcsLine,
  toIcs,
  unescapeIcsText,
  unfoldIcs,
  type AnnualEvent,
} from '../../src/domain/annual-clock';

const tricky: AnnualEvent = {
  id: 'acc-1:steering',
  customerId: 'acc-1',
  title: 'Ohjausryhmä; budjetti, laatu \\ kehitys',
  titleEn: 'Steering group; budget, quality \\ development',
  ring: 'management',
  ownerEmail: 'kad@example.fi',
  description:
    'Rivi 1: esityslista, pöytäkirja; liitteet\nRivi 2: käydään läpi edellisen kvartaalin reklamaatiot, laatuauditoinnin tulokset ja asiakastyytyväisyyskyselyn vastaukset ääkkösineen.',
  link: 'https://example.fi/teams/kanava?tab=vuosikello&a=1,2',
  start: '2025-09-30',
  recurrence: { kind: 'quarterly' },
};
const other: AnnualEvent = {
  id: 'acc-2:visit',
  customerId: 'acc-2',
  title: 'Laatukäynti',
  ring: 'supervisors',
  ownerEmail: 'esimies@example.fi',
  start: '2025-01-31',
  recurrence: { kind: 'monthly' },
};
const opts = { calName: 'Vuosikello: Asiakas Oy', timeZone: 'Europe/Helsinki', now: new Date('2025-11-23T06:00:00Z') };

function props(ics: string) {
  return unfoldIcs(ics).map((line) => {
    const i = line.indexOf(':');
    return { name: line.slice(0, i), value: line.slice(i + 1) };
  });
}

describe('ICS export', () => {
  const ics = toIcs([tricky, other], { from: '2025-10-01', to: '2026-01-31' }, opts);

  it('uses CRLF line ends only and folds every line at 75 octets', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const physical = ics.split('\r\n').slice(0, -1);
    for (const l of physical) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(physical.some((l) => l.startsWith(' '))).toBe(true); // the long description was folded
  });

  it('escapes TEXT values and reads back to the original text', () => {
    const p = props(ics);
    const summaries = p.filter((x) => x.name === 'SUMMARY').map((x) => x.value);
    expect(summaries).toContain('Ohjausryhmä\\; budjetti\\, laatu \\\\ kehitys');
    expect(summaries.map(unescapeIcsText)).toContain(tricky.title);
    const desc = p.find((x) => x.name === 'DESCRIPTION' && x.value.startsWith('Rivi'))!.value;
    expect(desc).not.toMatch(/[^\\][;,]/);
    expect(unescapeIcsText(desc)).toBe(`${tricky.description}\nVastuuhenkilö: kad@example.fi\n${tricky.link}`);
    // URL is a URI, not TEXT: it must stay clickable as written.
    expect(p.find((x) => x.name === 'URL')!.value).toBe(tricky.link);
  });

  it('folding never splits a multi-byte character', () => {
    const line = `SUMMARY:${'ä'.repeat(100)}`;
    const folded = foldIcsLine(line);
    for (const part of folded.split('\r\n')) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
      expect(part).not.toContain('\uFFFD');
    }
    expect(unfoldIcs(folded + '\r\n')).toEqual([line]);
  });

  it('writes one all-day VEVENT per occurrence with a stable UID', () => {
    const p = props(ics);
    const starts = p.filter((x) => x.name === 'DTSTART;VALUE=DATE').map((x) => x.value);
    expect(starts).toEqual(['20251031', '20251130', '20251230', '20251231', '20260131']); // quarterly keeps day 30
    expect(p.filter((x) => x.name === 'BEGIN' && x.value === 'VEVENT')).toHaveLength(5);
    expect(p.filter((x) => x.name === 'END' && x.value === 'VEVENT')).toHaveLength(5);
    const ends = p.filter((x) => x.name === 'DTEND;VALUE=DATE').map((x) => x.value);
    expect(ends).toContain('20260101'); // Dec 31 ends on Jan 1: exclusive end across the year
    const uids = p.filter((x) => x.name === 'UID').map((x) => x.value);
    expect(new Set(uids).size).toBe(5);
    const later = toIcs([tricky, other], { from: '2025-10-01', to: '2026-01-31' }, { ...opts, now: new Date('2026-01-02T10:00:00Z') });
    expect(
      props(later)
        .filter((x) => x.name === 'UID')
        .map((x) => x.value),
    ).toEqual(uids);
    expect(props(later).find((x) => x.name === 'DTSTAMP')!.value).toBe('20260102T100000Z');
    expect(p.find((x) => x.name === 'DTSTAMP')!.value).toBe('20251123T060000Z');
  });

  it('has a calendar wrapper with name and time zone', () => {
    const p = props(ics);
    expect(p[0]).toEqual({ name: 'BEGIN', value: 'VCALENDAR' });
    expect(p.at(-1)).toEqual({ name: 'END', value: 'VCALENDAR' });
    expect(p).toEqual(
      expect.arrayContaining([
        { name: 'VERSION', value: '2.0' },
        { name: 'X-WR-CALNAME', value: 'Vuosikello: Asiakas Oy' },
        { name: 'X-WR-TIMEZONE', value: 'Europe/Helsinki' },
      ]),
    );
  });

  it('exports explicit occurrences, in English, with ticked ones marked', () => {
    const out = toIcs(
      [tricky],
      [
        { eventId: tricky.id, date: '2025-12-30' },
        { eventId: 'unknown', date: '2025-12-31' },
      ],
      {
        ...opts,
        locale: 'en',
        done: completionIndex([{ eventId: tricky.id, date: '2025-12-30' }]),
      },
    );
    const summaries = props(out)
      .filter((x) => x.name === 'SUMMARY')
      .map((x) => unescapeIcsText(x.value));
    expect(summaries).toEqual([`✓ ${tricky.titleEn}`]);
  });

  it('per-person export across accounts keeps only that owner (case-insensitive) or ring', () => {
    const mine = filterEvents([tricky, other], { ownerEmail: 'ESIMIES@example.fi' });
    expect(mine.map((e) => e.id)).toEqual(['acc-2:visit']);
    const out = toIcs(mine, { from: '2025-10-01', to: '2025-12-31' }, opts);
    expect(
      props(out)
        .filter((x) => x.name === 'SUMMARY')
        .map((x) => x.value),
    ).toEqual(['Laatukäynti', 'Laatukäynti', 'Laatukäynti']);
    expect(filterEvents([tricky, other], { rings: ['management'] }).map((e) => e.id)).toEqual(['acc-1:steering']);
  });
});
