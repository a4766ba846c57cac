import { escapeCardText } from './escape';

export interface Person {
  /** Entra object id (or Teams user id); Teams accepts either in a mention. */
  id: string;
  name: string;
}

export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/**
 * A card mention is `<at>Name</at>` in the body plus a matching `msteams.entities` item
 * (Teams docs "Channel and group chat conversations with a bot", mentions in Adaptive Cards).
 * The name is escaped so it cannot close the tag or forge another mention.
 */
function mention(person: Person): MentionEntity {
  const name = escapeCardText(person.name.replace(/[<>]/g, ''), 200).replace(/\s+/g, ' ').trim() || escapeCardText(person.id);
  return { type: 'mention', text: `<at>${name}</at>`, mentioned: { id: person.id, name } };
}

/** One entity per distinct person, in the order given. */
export function mentionEntities(people: readonly Person[]): MentionEntity[] {
  const seen = new Set<string>();
  const out: MentionEntity[] = [];
  for (const p of people) {
    if (!p.id || seen.has(p.id)) continue;
    seen.add(p.id);
    out.push(mention(p));
  }
  return out;
}

interface CardWithMsteams {
  body: unknown[];
  msteams?: { width?: 'Full'; entities?: MentionEntity[] };
}

/**
 * Adds @mentions to an already built card: one TextBlock holding every `<at>Name</at>` (after an
 * optional label of ours) and the matching entities. Returns a new card; the input is not changed.
 */
export function addMentions<T extends CardWithMsteams>(card: T, people: readonly Person[], label = ''): T {
  const entities = mentionEntities(people);
  if (entities.length === 0) return card;
  const line = `${label ? `${label} ` : ''}${entities.map((e) => e.text).join(', ')}`;
  const existing = card.msteams?.entities ?? [];
  const known = new Set(existing.map((e) => e.mentioned.id));
  return {
    ...card,
    body: [...card.body, { type: 'TextBlock', text: line, wrap: true }],
    msteams: { ...card.msteams, width: 'Full', entities: [...existing, ...entities.filter((e) => !known.has(e.mentioned.id))] },
  };
}
