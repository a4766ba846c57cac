import { expandCard, type AdaptiveCardJson } from './build-card';
import { fitList } from './card-size';
import { fmt, verbatim } from './escape';
import { clip } from './format';
import { cardStrings, type CardLocale } from './strings';

export const APPROVE_REMOVALS_VERB = 'approveRemovals';

export interface PendingRemoval {
  accountName: string;
  personName: string;
  /** Why it would be removed, e.g. "no longer supervisor of site X" (already user-facing text). */
  reason?: string;
}

export interface RemovalApprovalData {
  runId: string;
  removals: PendingRemoval[];
  /** All memberships the sync manages, for the share shown on the card. */
  totalMemberships: number;
  limits: { maxShare: number; maxCount: number };
  /** Set when the guard tripped because the export shrank. */
  rowDrop?: { rows: number; lastRows: number };
  /** The guard's reasons in the card's language (it judges anomalies, not volume); replaces the limit sentence. */
  reasons?: string[];
}

/** The sync guard held removals: lists them with counts, and an Approve button and a command bound to the run id. */
export function removalApprovalCard(data: RemovalApprovalData, locale: CardLocale): AdaptiveCardJson {
  const s = cardStrings[locale];
  const r = s.removal;
  const pct = (x: number) =>
    new Intl.NumberFormat(locale === 'fi' ? 'fi-FI' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(x);
  const count = data.removals.length;
  const share = data.totalMemberships > 0 ? count / data.totalMemberships : 1;
  const byAccount = new Map<string, number>();
  for (const x of data.removals) byAccount.set(x.accountName, (byAccount.get(x.accountName) ?? 0) + 1);
  const perAccount = [...byAccount.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], locale));
  const lines = [...data.removals]
    .sort((a, b) => a.accountName.localeCompare(b.accountName, locale) || a.personName.localeCompare(b.personName, locale))
    .map((x) =>
      fmt(x.reason ? '• **{person}** – {account} ({reason})' : '• **{person}** – {account}', {
        person: clip(x.personName, 120),
        account: clip(x.accountName, 120),
        reason: clip(x.reason, 160),
      }),
    );
  return fitList(Math.max(lines.length, perAccount.length), 150, (cap) =>
    expandCard(
      'removal-approval',
      {
        runId: data.runId,
        title: verbatim(r.title),
        text: data.reasons?.length
          ? fmt(r.textReasons, { run: clip(data.runId, 60), count, reasons: clip(data.reasons.slice(0, 5).join('; '), 1200) })
          : fmt(r.text, {
              run: clip(data.runId, 60),
              count,
              total: data.totalMemberships,
              share: pct(share),
              maxShare: pct(data.limits.maxShare),
              maxCount: data.limits.maxCount,
            }),
        rowDrop: data.rowDrop ? fmt(r.rowDrop, { rows: data.rowDrop.rows, lastRows: data.rowDrop.lastRows }) : '',
        perAccount: perAccount
          .slice(0, Math.min(cap, 25))
          .map(([account, n]) => ({ title: clip(account, 80), value: verbatim(String(n)) })),
        listTitle: verbatim(r.listTitle),
        lines: lines.slice(0, cap).map((text) => ({ text })),
        more: lines.length > cap ? fmt(s.andMore, { count: lines.length - cap }) : '',
        // Exactly the command that approves this run.
        cli: fmt(r.cli, { run: clip(data.runId, 60) }),
        approveTitle: verbatim(r.approve),
      },
      locale,
    ),
  );
}
