import { parseKpiValue } from '../../src/domain/quality-card';

const value = (text: string, locale: 'fi' | 'en' = 'fi') => {
  const r = parseKpiValue(text, locale);
  return r.ok ? r.value : undefined;
};

describe('parseKpiValue', () => {
  it('accepts decimal comma and decimal point in either locale', () => {
    for (const locale of ['fi', 'en'] as const) {
      expect(value('12,5', locale)).toBe(12.5);
      expect(value('12.5', locale)).toBe(12.5);
      expect(value(' 7 ', locale)).toBe(7);
      expect(value('-3,25', locale)).toBe(-3.25);
      expect(value('−40', locale)).toBe(-40); // Unicode minus from Excel
    }
  });

  it('accepts percents and says so', () => {
    expect(parseKpiValue('12,5 %', 'fi')).toEqual({ ok: true, value: 12.5, percent: true });
    expect(parseKpiValue('98%', 'en')).toEqual({ ok: true, value: 98, percent: true });
    expect(parseKpiValue('98', 'en')).toEqual({ ok: true, value: 98, percent: false });
  });

  it('understands thousands groups', () => {
    expect(value('1 234,5')).toBe(1234.5);
    expect(value('1\u00a0234\u00a0567')).toBe(1234567);
    expect(value('1.234,5')).toBe(1234.5);
    expect(value('1,234.5', 'en')).toBe(1234.5);
    expect(value('1,234', 'en')).toBe(1234);
    expect(value('1,234', 'fi')).toBe(1.234);
  });

  it('rejects junk instead of guessing', () => {
    for (const junk of [
      '',
      '   ',
      'abc',
      '12,5,3',
      '12..5',
      '1e5',
      '12 5',
      '%',
      '--5',
      '12,',
      ',5x',
      'NaN',
      'Infinity',
      '1.234,5.6',
      '12,5 € ',
    ]) {
      expect(parseKpiValue(junk, 'fi').ok).toBe(false);
    }
  });
});
