import type { ColumnMapping } from '../billing/mapping';
import type { DesiredStateOptions, ManualOverride } from './desired-state';

/** Member roles and co-owners come from the mapping file; the service account from config wins over the mapping's. */
export function desiredStateOptionsFromMapping(
  mapping: ColumnMapping,
  extra: { today: string; serviceAccountUpn?: string; overrides?: readonly ManualOverride[] },
): DesiredStateOptions {
  return {
    memberRoles: mapping.memberRoles,
    coOwners: mapping.coOwners,
    serviceAccount: extra.serviceAccountUpn ?? mapping.serviceAccount,
    overrides: extra.overrides,
    today: extra.today,
  };
}
