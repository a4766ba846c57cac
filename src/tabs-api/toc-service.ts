import { AppError } from '../errors/app-error';
import type { Account, Contract, Store, TocItem, TocOverride } from '../store';
import { ensureDefaultTemplate } from './toc-default-template';
import type {
  ContractDto,
  ContractInput,
  ContractStatus,
  MergedItem,
  TocItemInput,
  TocOrderInput,
  TocOverrideInput,
  TocView,
} from './contracts/toc';

export interface TocLinks {
  teamsAppId?: string;
  teamId: string;
  tenantId: string;
}

/**
 * A working link for an item: https as is; a tab ("/annual-clock") as a Teams deep link to this
 * account's tab (the sync names it "<kind>:<customerId>"); a folder or file path as the account's
 * channel, whose Files tab holds it (its SharePoint address is not known to the tab API).
 */
export function itemHref(
  item: Pick<MergedItem, 'linkKind' | 'linkTarget'>,
  account: Pick<Account, 'customerId' | 'channelId' | 'channelName'> & { teamId?: string | null },
  links: TocLinks,
): string | null {
  const target = item.linkTarget;
  if (!target) return null;
  if (target.startsWith('https://')) return target;
  if (!account.channelId) return null;
  if (item.linkKind === 'tab' && links.teamsAppId) {
    const context = encodeURIComponent(JSON.stringify({ channelId: account.channelId }));
    return `https://teams.microsoft.com/l/entity/${encodeURIComponent(links.teamsAppId)}/${encodeURIComponent(`${target.replace(/^\//, '')}:${account.customerId}`)}?context=${context}`;
  }
  return `https://teams.microsoft.com/l/channel/${encodeURIComponent(account.channelId)}/${encodeURIComponent(account.channelName ?? 'channel')}?groupId=${encodeURIComponent(account.teamId ?? links.teamId)}&tenantId=${encodeURIComponent(links.tenantId)}`;
}

/** Template + this account's overrides (hidden items kept, flagged, so owners can show them again). */
export function mergeToc(items: readonly TocItem[], overrides: readonly TocOverride[]): MergedItem[] {
  const byItem = new Map(overrides.filter((o) => o.itemId).map((o) => [o.itemId!, o]));
  const out: MergedItem[] = items.map((i) => {
    const o = byItem.get(i.id);
    const renamed = o?.kind === 'rename';
    const later = o && o.updatedAt > i.updatedAt ? o.updatedAt : i.updatedAt;
    return {
      id: i.id,
      itemId: i.id,
      overrideId: o?.id ?? null,
      origin: renamed ? 'renamed' : 'template',
      section: i.section,
      title: renamed && o.title ? o.title : i.title,
      description: renamed && o.description !== null ? o.description : i.description,
      linkKind: i.linkKind,
      linkTarget: i.linkTarget,
      sortOrder: i.sortOrder,
      updatedAt: later,
      hidden: o?.kind === 'hide',
    };
  });
  for (const o of overrides) {
    if (o.kind !== 'add') continue;
    out.push({
      id: o.id,
      itemId: null,
      overrideId: o.id,
      origin: 'added',
      section: o.section ?? '',
      title: o.title ?? '',
      description: o.description,
      linkKind: o.linkKind,
      linkTarget: o.linkTarget,
      sortOrder: o.sortOrder ?? 100000,
      updatedAt: o.updatedAt,
      hidden: false,
    });
  }
  // Sections keep the template's order (their first item's sortOrder); account-only sections follow.
  const rank = new Map<string, number>();
  for (const i of items) rank.set(i.section, Math.min(rank.get(i.section) ?? Infinity, i.sortOrder));
  const rankOf = (s: string) => rank.get(s) ?? Infinity;
  const collator = new Intl.Collator('fi');
  return out.sort(
    (a, b) =>
      (rankOf(a.section) === rankOf(b.section) ? 0 : rankOf(a.section) < rankOf(b.section) ? -1 : 1) ||
      collator.compare(a.section, b.section) ||
      a.sortOrder - b.sortOrder ||
      collator.compare(a.title, b.title),
  );
}

/**
 * The account's own order over the merged items: listed ids in their order; an item the order does not
 * know (added to the template later) follows the item before it in the template's order. Sections stay
 * together, in the order of their first item.
 */
function applyOrder<T extends { id: string; section: string }>(merged: readonly T[], order: readonly string[] | null): T[] {
  if (!order || order.length === 0) return [...merged];
  const index = new Map(order.map((id, i) => [id, i]));
  let last = -1;
  const ranked = merged.map((m, i) => {
    const known = index.get(m.id);
    last = known ?? last + 1e-6 * (i + 1);
    return { m, rank: last };
  });
  ranked.sort((a, b) => a.rank - b.rank);
  const bySection = new Map<string, T[]>();
  for (const { m } of ranked) bySection.set(m.section, [...(bySection.get(m.section) ?? []), m]);
  return [...bySection.values()].flat();
}

/** The current contract is the one valid today that started last; expired ones are listed apart. */
function classifyContracts(contracts: readonly Contract[], today: string): TocView['contracts'] {
  const status = (c: Contract): ContractStatus =>
    c.validTo && c.validTo < today ? 'expired' : c.validFrom && c.validFrom > today ? 'upcoming' : 'current';
  const valid = contracts.filter((c) => status(c) === 'current').sort((a, b) => (b.validFrom ?? '').localeCompare(a.validFrom ?? ''));
  const currentId = valid[0]?.id ?? null;
  const dto = (c: Contract): ContractDto => ({ ...c, status: status(c), current: c.id === currentId });
  return {
    active: contracts.filter((c) => status(c) !== 'expired').map(dto),
    expired: contracts.filter((c) => status(c) === 'expired').map(dto),
  };
}

export function createTocService(store: Store, links: TocLinks) {
  // The template is seeded once per database; after this process has checked, later reads skip the query.
  let templateChecked: Promise<void> | undefined;
  const ensureTemplate = () =>
    (templateChecked ??= ensureDefaultTemplate(store).catch((err) => {
      templateChecked = undefined;
      throw err;
    }));
  return {
    async view(account: Account, today: string): Promise<Omit<TocView, 'canWrite' | 'canEditTemplate'>> {
      await ensureTemplate();
      const [items, overrides, contracts, order] = await Promise.all([
        store.tableOfContents.listItems(),
        store.tableOfContents.listOverrides(account.customerId),
        store.tableOfContents.listContracts(account.customerId),
        store.tableOfContents.getOrder(account.customerId),
      ]);
      const merged = applyOrder(mergeToc(items, overrides), order).map((i) => ({ ...i, href: itemHref(i, account, links) }));
      return {
        account: { id: account.customerId, name: account.name },
        today,
        /** True when the account's owner has put the items in an order of their own. */
        ownOrder: order !== null,
        items: merged,
        contracts: classifyContracts(contracts, today),
      };
    },
    async template() {
      await ensureTemplate();
      return store.tableOfContents.listItems();
    },
    /** Key account directors shape the shared template (the seed gives it to them), as do directors and admins. */
    async mayEditTemplate(email: string, roles: { director: boolean; admin: boolean; ownerHere?: boolean }): Promise<boolean> {
      if (roles.director || roles.admin || roles.ownerHere) return true;
      return (await store.accounts.list()).some((a) => a.ownerEmail?.toLowerCase() === email);
    },
    saveTemplateItem: (input: TocItemInput, by: string) => store.tableOfContents.saveItem(input, by),
    async removeTemplateItem(id: string) {
      if (!(await store.tableOfContents.removeItem(id))) throw new AppError('NOT_FOUND', `no TOC item ${id}`);
    },
    async saveOverride(account: Account, input: TocOverrideInput, by: string) {
      if (input.kind !== 'add') {
        const exists = (await store.tableOfContents.listItems()).some((i) => i.id === input.itemId);
        if (!exists) throw new AppError('NOT_FOUND', `no TOC item ${input.itemId}`);
      }
      return store.tableOfContents.saveOverride(account.customerId, input, by);
    },
    async removeOverride(account: Account, id: string) {
      if (!(await store.tableOfContents.removeOverride(account.customerId, id))) throw new AppError('NOT_FOUND', `no override ${id}`);
    },
    /** The account's own order: every id must be one of its items, each once. */
    async saveOrder(account: Account, input: TocOrderInput, by: string) {
      const known = new Set(
        mergeToc(await store.tableOfContents.listItems(), await store.tableOfContents.listOverrides(account.customerId)).map((i) => i.id),
      );
      const unknown = input.items.filter((id) => !known.has(id));
      if (unknown.length > 0 || new Set(input.items).size !== input.items.length)
        throw new AppError('BAD_INPUT', `order lists unknown or repeated items: ${unknown.slice(0, 5).join(', ')}`, {
          userMessage: {
            fi: 'Sisällysluettelo muuttui välillä. Lataa sivu uudelleen.',
            en: 'The table of contents changed meanwhile. Reload the page.',
          },
        });
      await store.tableOfContents.saveOrder(account.customerId, input.items, by);
    },
    async clearOrder(account: Account) {
      await store.tableOfContents.clearOrder(account.customerId);
    },
    saveContract: (account: Account, input: ContractInput & { id?: string }, by: string) =>
      store.tableOfContents.saveContract(account.customerId, input, by),
    async removeContract(account: Account, id: string) {
      if (!(await store.tableOfContents.removeContract(account.customerId, id))) throw new AppError('NOT_FOUND', `no contract ${id}`);
    },
  };
}
