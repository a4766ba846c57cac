import { useEffect, useRef } from 'react';
import { Button } from '@fluentui/react-components';

/*
 * The key account director's own order of their account's table of contents: move a section or an
 * item up or down (buttons, so the keyboard and screen readers can do it). Each move sends the whole
 * order (PUT /accounts/:id/toc/order); the server keeps it per account.
 */

interface Placed {
  id: string;
  section: string;
}

/** Sections in their order of first appearance, each with its items in order. */
function grouped(items: readonly Placed[]): [string, string[]][] {
  const m = new Map<string, string[]>();
  for (const i of items) m.set(i.section, [...(m.get(i.section) ?? []), i.id]);
  return [...m];
}

/** The order after moving `id` one place within its section, or null at the section's edge. */
export function orderAfterItemMove(items: readonly Placed[], id: string, by: -1 | 1): string[] | null {
  const groups = grouped(items);
  const g = groups.find(([, ids]) => ids.includes(id));
  if (!g) return null;
  const ids = g[1];
  const at = ids.indexOf(id);
  if (at + by < 0 || at + by >= ids.length) return null;
  [ids[at], ids[at + by]] = [ids[at + by]!, ids[at]!];
  return groups.flatMap(([, list]) => list);
}

/** The order after moving a whole section one place, or null at the edge. */
export function orderAfterSectionMove(items: readonly Placed[], section: string, by: -1 | 1): string[] | null {
  const groups = grouped(items);
  const at = groups.findIndex(([name]) => name === section);
  if (at < 0 || at + by < 0 || at + by >= groups.length) return null;
  [groups[at], groups[at + by]] = [groups[at + by]!, groups[at]!];
  return groups.flatMap(([, list]) => list);
}

export const orderDict = {
  sectionUp: { fi: 'Siirrä osio ylös', en: 'Move section up' },
  sectionDown: { fi: 'Siirrä osio alas', en: 'Move section down' },
  itemUp: { fi: 'Siirrä ylös', en: 'Move up' },
  itemDown: { fi: 'Siirrä alas', en: 'Move down' },
  templateOrder: { fi: 'Palauta mallin järjestys', en: 'Back to the template\u2019s order' },
};

type OrderT = (key: keyof typeof orderDict) => string;

/** Reordering moves DOM nodes, which drops focus: after the reload, focus returns to the pressed button. */
export function useRefocus(dep: unknown) {
  const label = useRef<string | null>(null);
  useEffect(() => {
    if (!label.current) return;
    document.querySelector<HTMLElement>(`[aria-label="${CSS.escape(label.current)}"]`)?.focus();
    label.current = null;
  }, [dep]);
  return (l: string) => {
    label.current = l;
  };
}

export function MoveButtons(props: {
  t: OrderT;
  name: string;
  kind: 'section' | 'item';
  up: string[] | null;
  down: string[] | null;
  onOrder(order: string[], label: string): void;
}) {
  const { t, name, kind } = props;
  const upLabel = `${t(kind === 'section' ? 'sectionUp' : 'itemUp')}: ${name}`;
  const downLabel = `${t(kind === 'section' ? 'sectionDown' : 'itemDown')}: ${name}`;
  return (
    <>
      <Button size="small" disabledFocusable={!props.up} aria-label={upLabel} onClick={() => props.up && props.onOrder(props.up, upLabel)}>
        ↑
      </Button>
      <Button
        size="small"
        disabledFocusable={!props.down}
        aria-label={downLabel}
        onClick={() => props.down && props.onOrder(props.down, downLabel)}
      >
        ↓
      </Button>
    </>
  );
}
