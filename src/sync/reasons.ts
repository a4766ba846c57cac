import type { AccessReason } from '../membership';

/** The audit's reason column: the reasons in words (the structured reasons go in the entry's detail). */
export function describeReasons(reasons: readonly AccessReason[]): string {
  return reasons
    .map((r) => {
      const line = (n: number | undefined) => (n === undefined ? '' : ` (line ${n})`);
      switch (r.kind) {
        case 'site':
          return `${r.role} @ ${r.siteId} ${r.siteName}${line(r.line)}`;
        case 'key_account_director':
          return `key account director${line(r.line)}`;
        case 'co_owner':
          return `co-owner (${r.scope})`;
        case 'service_account':
          return 'service account';
        case 'override':
          return 'added by the account owner';
      }
    })
    .join('; ');
}
