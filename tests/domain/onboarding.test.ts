import { capList, isDone, isoWeekday, memberRoles, parseDigestChoice, requiredFor } from '../../src/domain/onboarding';

describe('onboarding rules', () => {
  it('a member’s roles come from their billing reasons; owners are key account directors; everyone is everyone', () => {
    expect(
      [
        ...memberRoles([
          { kind: 'site', siteId: '1', siteName: 'Kohde 1', role: 'supervisor', line: 2 },
          { kind: 'site', siteId: '2', siteName: 'Kohde 2', role: 'regional_director', line: 3 },
        ]),
      ].sort(),
    ).toEqual(['everyone', 'regional_director', 'supervisor']);
    expect([...memberRoles([{ kind: 'co_owner', scope: 'account' }])].sort()).toEqual(['everyone', 'key_account_director']);
    expect([...memberRoles([{ kind: 'override' }])]).toEqual(['everyone']);
  });

  it('an item applies to any of its roles, and a tick counts only at the item’s current version or later', () => {
    const rules = [
      { itemId: 'a', roles: ['supervisor'], version: 2 },
      { itemId: 'b', roles: ['everyone'], version: 1 },
      { itemId: 'c', roles: ['manager'], version: 1 },
    ];
    expect(
      requiredFor(rules, memberRoles([{ kind: 'site', siteId: '1', siteName: 'Kohde 1', role: 'supervisor', line: 2 }])).map(
        (r) => r.itemId,
      ),
    ).toEqual(['a', 'b']);
    expect(isDone(rules[0]!, [{ itemId: 'a', version: 1 }])).toBe(false);
    expect(isDone(rules[0]!, [{ itemId: 'a', version: 2 }])).toBe(true);
    expect(isDone(rules[1]!, [{ itemId: 'a', version: 2 }])).toBe(false);
  });

  it('reads the digest command in Finnish and English', () => {
    expect(parseDigestChoice('')).toEqual({ kind: 'show' });
    expect(parseDigestChoice('pois')).toEqual({ kind: 'off' });
    expect(parseDigestChoice('OFF')).toEqual({ kind: 'off' });
    expect(parseDigestChoice('päälle')).toEqual({ kind: 'on' });
    expect(parseDigestChoice('maanantai')).toEqual({ kind: 'day', weekday: 1 });
    expect(parseDigestChoice('keskiviikkoisin')).toEqual({ kind: 'day', weekday: 3 });
    expect(parseDigestChoice('perjantaina')).toEqual({ kind: 'day', weekday: 5 });
    expect(parseDigestChoice('lauantaisin')).toEqual({ kind: 'day', weekday: 6 });
    expect(parseDigestChoice('Sunday')).toEqual({ kind: 'day', weekday: 7 });
    expect(parseDigestChoice('fri')).toEqual({ kind: 'day', weekday: 5 });
    expect(parseDigestChoice('joskus')).toEqual({ kind: 'unknown' });
  });

  it('weekdays and capped lists', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(capList([1, 2, 3, 4, 5, 6, 7], 5)).toEqual({ shown: [1, 2, 3, 4, 5], more: 2 });
    expect(capList([1], 5)).toEqual({ shown: [1], more: 0 });
  });
});
