import { validateWeeklyStatusInput, weeklyStatusCard, weeklyStatusFormCard, WEEKLY_FIELD_LIMITS } from '../../src/cards';
import { validateCard } from '../../src/cards/validate-card';
import { weeklyData } from './fixtures';
import { allText, findActions, libraryProblems } from './render-helpers';

describe('weekly status card', () => {
  it("shows the owner's fields with an explicit estimated date and who updated them", () => {
    const card = weeklyStatusCard(weeklyData, 'fi');
    const facts = JSON.stringify(card.body);
    expect(facts).toContain('{"title":"Arvioitu päivämäärä","value":"18.12.2026"}');
    expect(facts).toContain('{"title":"Vaihe","value":"Käyttöönotto"}');
    expect(facts).toContain('"Mitä tarvitsemme teiltä"');
    const text = allText(card.body);
    expect(text).toContain('Viikkoviesti, viikko 48: Etelä Koulut Oyj');
    expect(text).not.toContain('2026-W48');
    expect(text).toContain('Päivittänyt Johanna Lahtinen, 20.11.2026 klo 15.05');
    expect(text).not.toContain('ei päivittänyt');
  });

  it('omits the optional "what we need from you" when empty', () => {
    const card = weeklyStatusCard({ ...weeklyData, owner: { ...weeklyData.owner!, needFromYou: '  ' } }, 'en');
    expect(JSON.stringify(card.body)).not.toContain('What we need from you');
  });

  it('lists the automatic sections: annual clock with owners, notices with ack counts, joiners/leavers, traffic lights', () => {
    const text = allText(weeklyStatusCard(weeklyData, 'en').body);
    expect(text).toContain('**26 Nov 2026** Laatukatselmointi – owner: Anu Laaksonen');
    expect(text).toContain('**2 Dec 2026** Asiakastyytyväisyyskysely – owner: Johanna Lahtinen');
    expect(text).toContain('5/8 acknowledged');
    expect(text).toMatch(/Joined since last week\n• Emilia Karjalainen/);
    expect(text).toMatch(/Left since last week\n• Ville Salo/);
    expect(text).toContain('🟢 **Siisteystaso** – on track');
    expect(text).toContain('🔴 **Työturvallisuus** – needs action: Poikkeama Lahdessa');
  });

  it("says when the owner's part was not updated, and shows the automatic sections only", () => {
    const card = weeklyStatusCard({ ...weeklyData, ownerUpdated: false, joined: [] }, 'fi');
    const text = allText(card.body);
    expect(text).toContain('Omistaja ei päivittänyt osuuttaan');
    expect(text).not.toContain('Käyttöönotto');
    expect(text).toMatch(/Liittyneet viime viikon jälkeen\nEi muutoksia\./);
    expect(validateCard(card).valid).toBe(true);
  });

  it('has an Edit button that opens the task module', () => {
    const edit = findActions(weeklyStatusCard(weeklyData, 'en')).find((a) => a.title === 'Edit');
    expect(edit).toEqual({
      type: 'Action.Submit',
      title: 'Edit',
      data: { msteams: { type: 'task/fetch' }, action: 'editWeeklyStatus', customerId: '100016', isoWeek: '2026-W48' },
    });
    expect(findActions(weeklyStatusCard({ ...weeklyData, editable: false }, 'en'))).toEqual([]);
  });
});

describe('weekly status form (task module)', () => {
  const form = weeklyStatusFormCard(
    { customerId: '100016', accountName: 'Etelä Koulut Oyj', isoWeek: '2026-W48', values: weeklyData.owner, minDate: '2026-11-25' },
    'fi',
  );
  const inputs = Object.fromEntries(
    (form.body as Array<Record<string, unknown>>).filter((e) => String(e.type).startsWith('Input.')).map((e) => [e.id, e]),
  );

  it("prefills last week's values", () => {
    expect(inputs.stage.value).toBe('Käyttöönotto');
    expect(inputs.targetSchedule.value).toBe(weeklyData.owner!.targetSchedule);
    expect(inputs.estimatedDate).toMatchObject({ type: 'Input.Date', value: '2026-12-18', min: '2026-11-25', isRequired: true });
    expect(inputs.needFromYou.value).toBe(weeklyData.owner!.needFromYou);
  });

  it('declares validation: required fields, lengths, error messages; the optional field is not required', () => {
    for (const id of ['stage', 'targetSchedule', 'nextWeek']) {
      expect(inputs[id]).toMatchObject({ isRequired: true, maxLength: WEEKLY_FIELD_LIMITS[id as 'stage'] });
      expect(String(inputs[id].errorMessage)).toContain('Pakollinen');
    }
    expect(inputs.needFromYou.isRequired).toBeUndefined();
    expect(libraryProblems(form)).toEqual([]);
  });

  it('submits with the account and week', () => {
    expect(findActions(form)).toEqual([
      expect.objectContaining({ type: 'Action.Submit', data: { action: 'saveWeeklyStatus', customerId: '100016', isoWeek: '2026-W48' } }),
    ]);
  });

  it('an empty form has no prefilled values and stays valid', () => {
    const empty = weeklyStatusFormCard({ customerId: '1', accountName: 'A', isoWeek: '2026-W48' }, 'en');
    expect(validateCard(empty).valid).toBe(true);
    expect(JSON.stringify(empty)).not.toContain('"value"');
    expect(JSON.stringify(empty)).not.toContain('"min"');
  });
});

describe('validateWeeklyStatusInput', () => {
  const ok = { stage: ' Käyttöönotto ', targetSchedule: 'Joulukuu', estimatedDate: '2026-12-18', nextWeek: 'Kierrokset', needFromYou: '' };

  it('accepts and trims a complete submission', () => {
    expect(validateWeeklyStatusInput(ok, 'fi')).toEqual({
      ok: true,
      value: {
        stage: 'Käyttöönotto',
        targetSchedule: 'Joulukuu',
        estimatedDate: '2026-12-18',
        nextWeek: 'Kierrokset',
        needFromYou: undefined,
      },
    });
  });

  it('reports each bad field in the user language', () => {
    const r = validateWeeklyStatusInput(
      { ...ok, stage: '', estimatedDate: '2026-02-30', nextWeek: 'x'.repeat(WEEKLY_FIELD_LIMITS.nextWeek + 1) },
      'en',
    );
    expect(r).toEqual({
      ok: false,
      errors: {
        stage: 'Required.',
        estimatedDate: 'Give the date as YYYY-MM-DD.',
        nextWeek: `At most ${WEEKLY_FIELD_LIMITS.nextWeek} characters.`,
      },
    });
    expect(validateWeeklyStatusInput(null, 'fi').ok).toBe(false);
  });
});
