import type { Repositories } from '../store';
import type { BillingImport } from '../billing';
import type { DesiredAccount } from '../membership';

/** The accepted import is the truth for accounts, sites and desired memberships (the tabs read them). */
export async function persistBillingSnapshot(
  store: Pick<Repositories, 'accounts' | 'desiredMemberships' | 'sites'>,
  imported: BillingImport,
  desired: ReadonlyMap<string, DesiredAccount>,
): Promise<void> {
  await store.accounts.upsertMany(
    [...desired.values()].map((a) => {
      const rec = imported.accounts.get(a.customerId);
      const billing = rec?.siteIds.reduce((sum, id) => sum + (imported.sites.get(id)?.monthlyBillingEur ?? 0), 0) ?? null;
      return {
        customerId: a.customerId,
        name: a.name,
        isNational: true,
        contractStart: rec?.contractStart ?? null,
        contractEnd: rec?.contractEnd ?? null,
        monthlyBilling: billing === null ? null : Math.round(billing * 100) / 100,
        ownerEmail: rec?.keyAccountDirectorEmail ?? a.owners[0]?.email ?? null,
      };
    }),
  );
  await store.accounts.clearMissing([...desired.keys()]);
  for (const a of desired.values()) {
    const rec = imported.accounts.get(a.customerId);
    const sites = (rec?.siteIds ?? []).flatMap((id) => {
      const s = imported.sites.get(id);
      if (!s) return [];
      const roleEmails = Object.fromEntries(s.people.map((p) => [p.role, p.email]));
      return [
        {
          siteId: s.siteId,
          name: s.name,
          address: s.streetAddress || null,
          postalCode: s.postalCode || null,
          city: s.city || null,
          region: s.region ?? null,
          supervisorEmail: roleEmails.supervisor ?? null,
          roleEmails,
        },
      ];
    });
    await store.sites.replaceForAccount(a.customerId, sites);
    await store.desiredMemberships.replaceForAccount(a.customerId, [
      ...a.owners.map((p) => ({ email: p.email, role: 'owner' as const, reasons: p.reasons })),
      ...a.members.map((p) => ({ email: p.email, role: 'member' as const, reasons: p.reasons })),
    ]);
  }
}
