import { z } from 'zod';
import { AppError } from '../errors/app-error';
import type { Account, Contract, Store, TocItem, TocOverride } from '../store';
import { ensureDefaultTemplate } from './toc-default-template';

const LINK_KINDS = ['folder', 'file', 'tab', 'url'] as const;
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const linkTarget = z.string().max(2000).refine(isSafeLinkTarget, 'must be an https URL or a channel path');

/**
 * An https URL, or a path that stays on the tab's own origin: one leading slash, then no slash or
 * backslash (browsers read "/\evil.example" and "//evil.example" as another host), and no control
 * characters (browsers drop tabs and newlines, which could hide either).
 */
function isSafeLinkTarget(s: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters could hide a second host in a link
  if (/[\u0000-\u0020\u007f]/.test(s.replace(/ /g, 'x'))) return false;
  if (s.startsWith('https://')) {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' && u.hostname !== '' && !s.includes('\\');
    } catch {
      return false;
    }
  }
  if (!/^\/[^/\\]/.test(s) || s.includes('\\')) return false;
  // The browser's own reading must stay on the origin.
  return new URL(s, 'https://origin.invalid').origin === 'https://origin.invalid';
}

export const tocItemSchema = z
  .object({
    id: z.string().min(1).max(200).optional(),
    section: z.string().trim().min(1).max(120),
    title: z.string().trim().min(1).max(200),
    description: z.string().max(2000).nullable().optional(),
    linkKind: z.enum(LINK_KINDS).nullable().optional(),
    linkTarget: linkTarget.nullable().optional(),
    sortOrder: z.number().int().min(0).max(100000).optional(),
  })
  .strict()
  .superRefine((i, ctx) => {
    // A link needs both parts; a "url" must be a web address, the others may be a channel path too.
    if (i.linkTarget && !i.linkKind) ctx.addIssue({ code: 'custom', path: ['linkKind'], message: 'is required with a link' });
    if (i.linkKind && !i.linkTarget) ctx.addIssue({ code: 'custom', path: ['linkTarget'], message: 'is required with a link kind' });
    if (i.linkKind === 'url' && i.linkTarget && !i.linkTarget.startsWith('https://'))
      ctx.addIssue({ code: 'custom', path: ['linkTarget'], message: 'must be an https URL' });
  });

export const tocOverrideSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hide'), itemId: z.string().min(1).max(200) }).strict(),
  z
    .object({
      kind: z.literal('rename'),
      itemId: z.string().min(1).max(200),
      title: z.string().trim().min(1).max(200),
      description: z.string().max(2000).nullable().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('add'),
      section: z.string().trim().min(1).max(120),
      title: z.string().trim().min(1).max(200),
      description: z.string().max(2000).nullable().optional(),
      linkKind: z.enum(LINK_KINDS).nullable().optional(),
      linkTarget: linkTarget.nullable().optional(),
      sortOrder: z.number().int().min(0).max(100000).optional(),
    })
    .strict(),
]);

export const contractSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    validFrom: dateSchema.nullable().optional(),
    validTo: dateSchema.nullable().optional(),
    link: z
      .url({ protocol: /^https$/ })
      .max(2000)
      .nullable()
      .optional(),
  })
  .strict()
  .refine((c) => !c.validFrom || !c.validTo || c.validFrom <= c.validTo, { path: ['validTo'], message: 'must not be before validFrom' });

export interface MergedItem {
  id: string;
  itemId: string | null;
  overrideId: string | null;
  origin: 'template' | 'renamed' | 'added';
  section: string;
  title: string;
  description: string | null;
  linkKind: string | null;
  linkTarget: string | null;
  sortOrder: number;
  updatedAt: string;
  hidden: boolean;
  /** Where the item opens: its https URL, a deep link to the account's own tab, or the channel (for its files). */
  href?: string | null;
}

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

export const tocOrderSchema = z.object({ items: z.array(z.string().min(1).max(200)).min(1).max(2000) }).strict();

export type ContractStatus = 'current' | 'upcoming' | 'expired';

/** The current contract is the one valid today that started last; expired ones are listed apart. */
function classifyContracts(contracts: readonly Contract[], today: string) {
  const status = (c: Contract): ContractStatus =>
    c.validTo && c.validTo < today ? 'expired' : c.validFrom && c.validFrom > today ? 'upcoming' : 'current';
  const valid = contracts.filter((c) => status(c) === 'current').sort((a, b) => (b.validFrom ?? '').localeCompare(a.validFrom ?? ''));
  const currentId = valid[0]?.id ?? null;
  const dto = (c: Contract) => ({ ...c, status: status(c), current: c.id === currentId });
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
    async view(account: Account, today: string) {
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
    saveTemplateItem: (input: z.infer<typeof tocItemSchema>, by: string) => store.tableOfContents.saveItem(input, by),
    async removeTemplateItem(id: string) {
      if (!(await store.tableOfContents.removeItem(id))) throw new AppError('NOT_FOUND', `no TOC item ${id}`);
    },
    async saveOverride(account: Account, input: z.infer<typeof tocOverrideSchema>, by: string) {
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
    async saveOrder(account: Account, input: z.infer<typeof tocOrderSchema>, by: string) {
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
    saveContract: (account: Account, input: z.infer<typeof contractSchema> & { id?: string }, by: string) =>
      store.tableOfContents.saveContract(account.customerId, input, by),
    async removeContract(account: Account, id: string) {
      if (!(await store.tableOfContents.removeContract(account.customerId, id))) throw new AppError('NOT_FOUND', `no contract ${id}`);
    },
  };
}
