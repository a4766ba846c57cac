import type { CommandKey } from '../cards';

/**
 * Words that start each command, Finnish and English, with the synonyms people actually type
 * ("apua" for help, "jasenet" without the umlaut). The help card shows the first word of each locale.
 */
const COMMAND_SYNONYMS: Record<CommandKey, readonly string[]> = {
  help: ['ohje', 'apua', 'apu', 'ohjeet', 'komennot', 'help', 'commands', '?'],
  status: ['tila', 'viikkoviesti', 'tilanne', 'status', 'weekly'],
  urgent: ['tiedote', 'kiireellinen', 'notice', 'urgent'],
  sync: ['synkronoi', 'synkronointi', 'sync'],
  members: ['jäsenet', 'jasenet', 'jäsen', 'members'],
  why: ['miksi', 'pääsy', 'paasy', 'why', 'access'],
  feedback: ['palaute', 'feedback'],
};

const BY_WORD = new Map<string, CommandKey>();
for (const [key, words] of Object.entries(COMMAND_SYNONYMS)) for (const w of words) BY_WORD.set(w, key as CommandKey);

/** The command a message starts with ("Apua!" → help), and the rest of the text as its arguments. */
export function parseCommand(text: string): { key: CommandKey; word: string; args: string } | undefined {
  const trimmed = text.trim();
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const word = first.toLowerCase();
  const key = BY_WORD.get(word) ?? BY_WORD.get(word.replace(/[.!?,:]+$/, ''));
  return key ? { key, word: first.replace(/[.!?,:]+$/, '') || first, args: rest.join(' ').trim() } : undefined;
}
