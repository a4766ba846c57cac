import { instantToZoned, zonedToInstant } from '../../src/domain/notices/zoned-time';

describe('notice dialog times in the app zone', () => {
  it('reads a Helsinki date and time as the instant, in winter and in summer', () => {
    expect(zonedToInstant('2026-12-07', '08:00', 'Europe/Helsinki')?.toISOString()).toBe('2026-12-07T06:00:00.000Z');
    expect(zonedToInstant('2026-07-01', '08:00', 'Europe/Helsinki')?.toISOString()).toBe('2026-07-01T05:00:00.000Z');
  });

  it('handles the days the clocks change', () => {
    // 29.3.2026 03:00 → 04:00 (EET → EEST); 25.10.2026 04:00 → 03:00.
    expect(zonedToInstant('2026-03-29', '05:00', 'Europe/Helsinki')?.toISOString()).toBe('2026-03-29T02:00:00.000Z');
    expect(zonedToInstant('2026-03-29', '02:00', 'Europe/Helsinki')?.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(zonedToInstant('2026-10-25', '12:00', 'Europe/Helsinki')?.toISOString()).toBe('2026-10-25T10:00:00.000Z');
  });

  it('refuses what is not a date or a time', () => {
    for (const [d, t] of [
      ['2026-11-31', '08:00'],
      ['2026-13-01', '08:00'],
      ['7.12.2026', '08:00'],
      ['2026-12-07', '24:00'],
      ['2026-12-07', ''],
    ])
      expect(zonedToInstant(d!, t!, 'Europe/Helsinki')).toBeUndefined();
  });

  it('shows an instant back as the form had it', () => {
    expect(instantToZoned('2026-12-07T06:00:00.000Z', 'Europe/Helsinki')).toEqual({ date: '2026-12-07', time: '08:00' });
    expect(instantToZoned('2026-07-01T21:30:00.000Z', 'Europe/Helsinki')).toEqual({ date: '2026-07-02', time: '00:30' });
  });
});
