import { COMMAND_SYNONYMS, type CommandKey } from '../cards';

// The words live in one table (cards/strings.ts) that the help card lists too; either language works in any chat.
const BY_WORD = new Map<string, CommandKey>();
for (const [key, words] of Object.entries(COMMAND_SYNONYMS)) for (const w of [...words.fi, ...words.en]) BY_WORD.set(w, key as CommandKey);

/** The command a message starts with ("Apua!" → help), and the rest of the text as its arguments. */
export function parseCommand(text: string): { key: CommandKey; word: string; args: string } | undefined {
  const trimmed = text.trim();
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const word = first.toLowerCase();
  const key = BY_WORD.get(word) ?? BY_WORD.get(word.replace(/[.!?,:]+$/, ''));
  return key ? { key, word: first.replace(/[.!?,:]+$/, '') || first, args: rest.join(' ').trim() } : undefined;
}
