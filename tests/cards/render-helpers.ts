// Parses a card with the Adaptive Cards JS library (the dist build: its ESM `lib/` does not load on Node 20).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js');

/** Every warning/error the adaptivecards library reports while parsing and validating the card. */
export function libraryProblems(card: unknown): string[] {
  const ctx = new AC.SerializationContext();
  const ac = new AC.AdaptiveCard();
  ac.parse(card, ctx);
  const problems: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) problems.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const e of ac.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  return problems;
}

/** The visible texts of a card part (text, title, value), one per line, in document order. */
export function allText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (key === 'text' || key === 'title' || key === 'value') out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'data') walk(x, k);
  };
  walk(card, '');
  return out.join('\n');
}

export function findActions(card: unknown): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Action.')) out.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk((card as { body?: unknown; actions?: unknown }).body);
  walk((card as { actions?: unknown }).actions);
  return out;
}
