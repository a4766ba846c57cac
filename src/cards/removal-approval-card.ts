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

export interface PendingAddition {
  accountName: string;
  personName: string;
}

export interface RemovalApprovalData {
  runId: string;
  /** The account the card is for: its Approve approves only this account's held part of the run. */
  customerId?: string;
  removals: PendingRemoval[];
  /** Held additions (a wrongly mapped column can add many people at once); they wait like removals. */
  additions?: PendingAddition[];
  /** All memberships the sync manages, for the share shown on the card. */
  totalMemberships: number;
  limits: { maxShare: number; maxCount: number };
  /** Set when the guard tripped because the export shrank. */
  rowDrop?: { rows: number; lastRows: number };
  /** The guard's reasons in the card's language (it judges anomalies, not volume); replaces the limit sentence. */
  reasons?: string[];
}

/**
 * The sync guard held an account's removals, demotions or additions: lists them with counts, and an
 * Approve button bound to the run and the account, and the command that approves that account.
 */
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
  const additions = data.additions ?? [];
  const addLines = [...additions]
    .sort((a, b) => a.accountName.localeCompare(b.accountName, locale) || a.personName.localeCompare(b.personName, locale))
    .map((x) => fmt('• **{person}** – {account}', { person: clip(x.personName, 120), account: clip(x.accountName, 120) }));
  const withAdds = addLines.length > 0;
  const reasonsText = clip((data.reasons ?? []).slice(0, 5).join('; '), 1200);
  const run = clip(data.runId, 60);
  const cliLine = data.customerId ? fmt(r.cliAccount, { run, account: clip(data.customerId, 60) }) : fmt(r.cli, { run });
  return fitList(Math.max(lines.length, addLines.length, perAccount.length), 150, (cap) =>
    expandCard(
      'removal-approval',
      {
        runId: data.runId,
        customerId: data.customerId ?? '',
        title: verbatim(withAdds ? r.titleChanges : r.title),
        text: withAdds
          ? fmt(r.textAdditions, { run, count, added: addLines.length, reasons: reasonsText })
          : data.reasons?.length
            ? fmt(r.textReasons, { run, count, reasons: reasonsText })
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
        addListTitle: verbatim(r.addListTitle),
        addLines: addLines.slice(0, cap).map((text) => ({ text })),
        addMore: addLines.length > cap ? fmt(s.andMore, { count: addLines.length - cap }) : '',
        // Exactly the command that approves what this card's button approves.
        cli: cliLine,
        approveTitle: verbatim(data.customerId || withAdds ? r.approveChanges : r.approve),
      },
      locale,
    ),
  );
}
