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
export function mention(person: Person): MentionEntity {
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
