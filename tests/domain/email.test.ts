import { normaliseEmail as domainRule, normaliseEmailOrNull } from '../../src/domain/email';
import { normaliseEmail as billingRule } from '../../src/billing';
import { normaliseEmail as storeRule } from '../../src/store';
import { memberOverrideSchema } from '../../src/tabs-api/contracts/members';

const composed = 'p\u00e4ivi.m\u00e4kinen@yritysx.example'; // NFC
const decomposed = 'pa\u0308ivi.ma\u0308kinen@yritysx.example'; // NFD: a + combining diaeresis

describe('one e-mail normaliser', () => {
  const rules = { domain: domainRule, billing: billingRule, store: storeRule };

  it.each(Object.entries(rules))('%s uses the same rule', (_name, rule) => {
    expect(rule).toBe(domainRule);
  });

  it('removes zero-width characters, BOM, soft hyphens and bidi marks', () => {
    expect(domainRule('\uFEFFmatti\u200B.virtanen@yritysx\u200D.example\u2060')).toBe('matti.virtanen@yritysx.example');
    expect(domainRule('matti\u00AD.virtanen\u200E@yritysx.example')).toBe('matti.virtanen@yritysx.example');
  });

  it('NFC and NFD spellings are one address', () => {
    expect(decomposed).not.toBe(composed);
    expect(domainRule(decomposed)).toBe(composed);
    expect(domainRule(composed.toUpperCase())).toBe(composed);
  });

  it('ignores case and every kind of whitespace, also inside', () => {
    expect(domainRule('  Matti.Virtanen@YRITYSX.Example ')).toBe('matti.virtanen@yritysx.example');
    expect(domainRule('matti.\u00A0virtanen@\tyritysx.example\r\n')).toBe('matti.virtanen@yritysx.example');
    expect(domainRule('matti\u202F.virtanen@yritysx.example\u3000')).toBe('matti.virtanen@yritysx.example');
  });

  it('blank input gives an empty key (or null)', () => {
    expect(domainRule(' \u200B ')).toBe('');
    expect(normaliseEmailOrNull(' \u200B ')).toBeNull();
    expect(normaliseEmailOrNull(undefined)).toBeNull();
    expect(normaliseEmailOrNull('A@B.FI')).toBe('a@b.fi');
  });

  it('an owner typing a manual addition gets the same key as billing', () => {
    const parsed = memberOverrideSchema.parse({ kind: 'add', email: ' \uFEFFMatti.Virtanen@YRITYSX.example\u200B ', reason: 'sijainen' });
    expect(parsed.email).toBe('matti.virtanen@yritysx.example');
  });
});
