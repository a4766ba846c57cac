import type { AccessReason } from '../membership';
import type { MembershipReason } from '../store';

/** Converts the planner's reasons into the stored form shown in "why do I have access?". */
export function toStoredReasons(reasons: readonly AccessReason[]): MembershipReason[] {
  return reasons.map((r): MembershipReason => {
    switch (r.kind) {
      case 'site':
        return { kind: 'site', siteId: r.siteId, role: r.role, note: `${r.siteName} (rivi ${r.line})` };
      case 'key_account_director':
        return { kind: 'owner', role: 'key_account_director', note: `rivi ${r.line}` };
      case 'co_owner':
        return { kind: 'co-owner', note: r.scope };
      case 'service_account':
        return { kind: 'service' };
      case 'override':
        return { kind: 'override' };
    }
  });
}

export function describeReasons(reasons: readonly AccessReason[]): string {
  return reasons
    .map((r) => {
      switch (r.kind) {
        case 'site':
          return `${r.role} @ ${r.siteId} ${r.siteName} (line ${r.line})`;
        case 'key_account_director':
          return `key account director (line ${r.line})`;
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
