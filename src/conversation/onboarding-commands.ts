import { DIGEST_DAY_VERB, DIGEST_OFF_VERB, ONBOARDING_ACK_VERB, onboardingCard } from '../cards';
import { parseDigestChoice } from '../domain/onboarding';
import { onboardingFor } from '../messaging/onboarding';
import type { CommandInput } from './command-input';
import { say, type ConversationContext, type Reply, type Turn, type VerbReply } from './turn';

type VerbInput = Record<string, unknown>;

const DAYS = {
  fi: ['maanantaisin', 'tiistaisin', 'keskiviikkoisin', 'torstaisin', 'perjantaisin', 'lauantaisin', 'sunnuntaisin'],
  en: ['on Mondays', 'on Tuesdays', 'on Wednesdays', 'on Thursdays', 'on Fridays', 'on Saturdays', 'on Sundays'],
};

/** "kooste pois" / "kooste päälle" / "kooste perjantai" / "digest off|on|friday"; alone it tells the setting. */
export async function digestCommand(ctx: ConversationContext, turn: Turn<CommandInput>): Promise<Reply> {
  const { store } = ctx.deps;
  const userId = turn.actor.id;
  const current = (await store.onboarding.getDigestPref(userId)) ?? { userId, enabled: true, weekday: ctx.deps.digestWeekday ?? 1 };
  const choice = parseDigestChoice(turn.input.args);
  const day = (w: number) => DAYS[turn.locale][w - 1] ?? '';
  switch (choice.kind) {
    case 'off':
      await store.onboarding.setDigestPref({ ...current, enabled: false });
      return [
        say(
          turn.locale,
          'Viikkokooste on nyt pois päältä. Saat sen takaisin kirjoittamalla "kooste päälle".',
          'Your weekly digest is off. Write "digest on" to get it again.',
        ),
      ];
    case 'on':
      await store.onboarding.setDigestPref({ ...current, enabled: true });
      return [say(turn.locale, `Viikkokooste tulee ${day(current.weekday)}.`, `Your weekly digest comes ${day(current.weekday)}.`)];
    case 'day':
      await store.onboarding.setDigestPref({ userId, enabled: true, weekday: choice.weekday });
      return [say(turn.locale, `Viikkokooste tulee nyt ${day(choice.weekday)}.`, `Your weekly digest now comes ${day(choice.weekday)}.`)];
    case 'show':
      return [
        current.enabled
          ? say(
              turn.locale,
              `Viikkokooste tulee ${day(current.weekday)}. Vaihda päivää: "kooste perjantai"; lopeta: "kooste pois".`,
              `Your weekly digest comes ${day(current.weekday)}. Change the day: "digest friday"; stop it: "digest off".`,
            )
          : say(
              turn.locale,
              'Viikkokooste on pois päältä. Ota se käyttöön: "kooste päälle".',
              'Your weekly digest is off. Turn it on: "digest on".',
            ),
      ];
    default:
      return [
        say(
          turn.locale,
          'En tunnistanut päivää. Kirjoita esim. "kooste maanantai" tai "kooste pois".',
          'I did not recognise the day. Write e.g. "digest monday" or "digest off".',
        ),
      ];
  }
}

/** The digest card's button: off, and says how to get it back. */
async function digestOff(ctx: ConversationContext, turn: Turn<VerbInput>): Promise<VerbReply> {
  const { store } = ctx.deps;
  const userId = turn.actor.id;
  const current = await store.onboarding.getDigestPref(userId);
  await store.onboarding.setDigestPref({ userId, enabled: false, weekday: current?.weekday ?? ctx.deps.digestWeekday ?? 1 });
  return {
    message:
      turn.locale === 'en'
        ? 'Your weekly digest is off. Write "digest on" to get it again.'
        : 'Viikkokooste on nyt pois päältä. Saat sen takaisin kirjoittamalla "kooste päälle".',
  };
}

/** The digest card's day picker: the chosen weekday (and on, if it was off). */
async function digestDay(ctx: ConversationContext, turn: Turn<VerbInput>): Promise<VerbReply> {
  const weekday = Number(turn.input.weekday);
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7)
    return { message: turn.locale === 'en' ? 'Choose a day.' : 'Valitse päivä.' };
  await ctx.deps.store.onboarding.setDigestPref({ userId: turn.actor.id, enabled: true, weekday });
  const day = DAYS[turn.locale][weekday - 1];
  return { message: turn.locale === 'en' ? `Your weekly digest now comes ${day}.` : `Viikkokooste tulee nyt ${day}.` };
}

/**
 * "Read" on an onboarding item: kept per person, item and version (only the person's own items in
 * accounts they belong to), then the card shows the same accounts with the item ticked.
 */
async function onboardingAck(ctx: ConversationContext, turn: Turn<VerbInput>): Promise<VerbReply> {
  const { deps } = ctx;
  const customerId = String(turn.input.customerId ?? '');
  const itemId = String(turn.input.itemId ?? '');
  const [mine] = await onboardingFor(deps, turn.actor.id, [customerId]);
  const item = mine?.items.find((i) => i.itemId === itemId);
  if (!mine || !item) {
    deps.logger.warn({ userId: turn.actor.id, customerId, itemId }, 'onboarding tick refused');
    return { message: turn.locale === 'en' ? 'This item is not on your onboarding list.' : 'Tämä kohta ei ole perehdytyslistallasi.' };
  }
  // The tick counts for the item as it is now (its link opens the current version).
  await deps.store.onboarding.ack({ customerId, itemId, userId: turn.actor.id, version: item.version });
  const accounts = String(turn.input.accounts ?? customerId)
    .split(',')
    .filter(Boolean)
    .slice(0, 50);
  // The same accounts as the card clicked (a welcome also lists accounts with nothing to read).
  const shown = await onboardingFor(deps, turn.actor.id, accounts.includes(customerId) ? accounts : [customerId, ...accounts], {
    includeEmpty: true,
  });
  shown.sort((a, b) => Number(b.items.length > 0) - Number(a.items.length > 0));
  return { card: onboardingCard('progress', shown, turn.locale) };
}

export const onboardingVerbs = { [ONBOARDING_ACK_VERB]: onboardingAck, [DIGEST_OFF_VERB]: digestOff, [DIGEST_DAY_VERB]: digestDay };
