import type { StorePort } from '../ports/store';
import type { Repositories, TocItemInput } from '../store';
import { DEFAULT_TOC_FOLDERS } from '../sync/provisioning';

/*
 * The shared table of contents starts with what every account channel has: the tabs the sync adds and
 * the folders it creates in the channel's files. Key account directors then adapt it (PRODUCT.md).
 * Seeded once; an audit marker keeps a template its editors emptied empty.
 */

const SEEDED_ACTION = 'toc.template-seeded';

function defaultTemplate(): TocItemInput[] {
  const tabs: TocItemInput[] = [
    {
      id: 'tpl-tab-annual-clock',
      section: 'Kanavan välilehdet',
      title: 'Vuosikello',
      description: 'Asiakkuuden vuoden tapahtumat: käynnit, palaverit, raportit.',
      linkKind: 'tab',
      linkTarget: '/annual-clock',
      sortOrder: 0,
    },
    {
      id: 'tpl-tab-quality-card',
      section: 'Kanavan välilehdet',
      title: 'Laatukortti',
      description: 'Kuukauden mittarit ja yhteenveto johtoryhmälle.',
      linkKind: 'tab',
      linkTarget: '/quality-card',
      sortOrder: 1,
    },
    {
      id: 'tpl-tab-toc',
      section: 'Kanavan välilehdet',
      title: 'Sisällysluettelo',
      description: 'Tämä sivu: mistä asiakkuuden tieto löytyy.',
      linkKind: 'tab',
      linkTarget: '/toc',
      sortOrder: 2,
    },
  ];
  const folders: TocItemInput[] = DEFAULT_TOC_FOLDERS.map((name, i) => ({
    id: `tpl-folder-${i + 1}`,
    section: 'Kanavan tiedostot',
    title: name,
    description: null,
    linkKind: 'folder',
    linkTarget: `/${name}`,
    sortOrder: 1000 + i,
  }));
  return [...tabs, ...folders];
}

/** Fills the shared template the first time anyone reads it. */
export async function ensureDefaultTemplate(store: StorePort<Pick<Repositories, 'audit' | 'tableOfContents'>>): Promise<void> {
  if (await store.audit.has(SEEDED_ACTION)) return;
  await store.transaction(async (tx) => {
    if ((await tx.tableOfContents.listItems()).length === 0)
      for (const item of defaultTemplate()) await tx.tableOfContents.saveItem(item, 'account-channels');
    await tx.audit.append(null, [{ action: SEEDED_ACTION, detail: { items: defaultTemplate().length } }]);
  });
}
