import { lazy, Suspense, useMemo, useState } from 'react';
import { Badge, Button, Caption1, Field, Input, Label, Link, Spinner, Text, Title2 } from '@fluentui/react-components';
import { mountTab, useTabEnv, ErrorBar } from '../shared/shell';
import { api, resolveCustomerId } from '../shared/api';
import { formatDate, translator, type Translate } from '../shared/i18n';
import { MoveButtons, orderAfterItemMove, orderAfterSectionMove, orderDict, useRefocus } from './account-order';
import { openExternal, type Locale } from '../shared/teams';
import { useLoad } from '../shared/use-load';
import { templateDict } from './template-dict';
import { OnboardingPanel } from './onboarding-panel';
import type { ContractDto as Contract, MergedItem as Item, TocView } from '../../../src/tabs-api/contracts/toc';

// Only the template's editors (KADs, directors, admins) need the editor: its code loads when they open it.
const TemplateEditor = lazy(() => import('./template-editor'));

const dict = {
  title: { fi: 'Sisällysluettelo', en: 'Table of contents' },
  searchLabel: { fi: 'Hae sisällysluettelosta ja sopimuksista', en: 'Search the contents and contracts' },
  contracts: { fi: 'Sopimusrekisteri', en: 'Contracts register' },
  current: { fi: 'Voimassa oleva', en: 'Current' },
  upcoming: { fi: 'Tuleva', en: 'Upcoming' },
  expired: { fi: 'Päättyneet sopimukset', en: 'Expired contracts' },
  noContracts: { fi: 'Ei sopimuksia.', en: 'No contracts.' },
  addContract: { fi: 'Lisää sopimus', en: 'Add contract' },
  contractTitle: { fi: 'Sopimuksen nimi', en: 'Contract name' },
  validFrom: { fi: 'Alkaa', en: 'Valid from' },
  validTo: { fi: 'Päättyy', en: 'Valid to' },
  link: { fi: 'Linkki (https)', en: 'Link (https)' },
  hide: { fi: 'Piilota', en: 'Hide' },
  show: { fi: 'Näytä', en: 'Show' },
  hiddenNote: { fi: 'piilotettu tältä asiakkuudelta', en: 'hidden for this account' },
  rename: { fi: 'Nimeä uudelleen', en: 'Rename' },
  newName: { fi: 'Uusi nimi', en: 'New name' },
  addItem: { fi: 'Lisää kohta', en: 'Add item' },
  section: { fi: 'Osio', en: 'Section' },
  itemTitle: { fi: 'Otsikko', en: 'Title' },
  added: { fi: 'oma lisäys', en: 'added here' },
  folder: { fi: 'Kansio', en: 'Folder' },
  file: { fi: 'Tiedosto', en: 'File' },
  tab: { fi: 'Välilehti', en: 'Tab' },
  editTemplate: templateDict.editTemplate,
  closeEditor: templateDict.closeEditor,
  nothingFound: { fi: 'Ei osumia.', en: 'Nothing found.' },
  edit: { fi: 'Muokkaa', en: 'Edit' },
  doneEditing: { fi: 'Valmis', en: 'Done' },
  editContract: { fi: 'Muokkaa sopimusta', en: 'Edit contract' },
  endContract: { fi: 'Päätä nyt', en: 'End now' },
  confirmRemove: { fi: 'Vahvista poisto', en: 'Confirm removal' },
  openChannelFiles: { fi: 'avautuu kanavan tiedostoista', en: 'opens in the channel\u2019s files' },
};
type T = Translate<typeof dict>;

/** The item's title as a link where it has one; folders and files say where they open. */
function ItemTitle({ item, t }: { item: Item; t: T }) {
  const href = item.href ?? (item.linkTarget?.startsWith('https://') ? item.linkTarget : null);
  if (!href) return <>{item.title}</>;
  return (
    <>
      <Link
        href={href}
        onClick={(e) => {
          e.preventDefault();
          openExternal(href);
        }}
      >
        {item.title}
      </Link>
      {(item.linkKind === 'folder' || item.linkKind === 'file') && (
        <Caption1>
          {' '}
          – {t(item.linkKind)}, {t('openChannelFiles')}
        </Caption1>
      )}
    </>
  );
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function validity(c: Contract, locale: Locale): string {
  return `${c.validFrom ? formatDate(c.validFrom, locale) : '…'} – ${c.validTo ? formatDate(c.validTo, locale) : '…'}`;
}

interface ContractActions {
  editing: boolean;
  /** The last valid day of a contract ended now. */
  today: string;
  onSave(c: Contract, patch: { title: string; validFrom: string | null; validTo: string | null; link: string | null }): void;
  onRemove(c: Contract): void;
}

function ContractCard({ c, t, locale, actions }: { c: Contract; t: T; locale: Locale; actions?: ContractActions }) {
  const [form, setForm] = useState<{ title: string; validFrom: string; validTo: string; link: string } | null>(null);
  // Removal asks once more in place (Teams clients do not show the browser's confirm dialog in tabs).
  const [confirming, setConfirming] = useState(false);
  const body = (f: NonNullable<typeof form>) => ({
    title: f.title,
    validFrom: f.validFrom || null,
    validTo: f.validTo || null,
    link: f.link || null,
  });
  if (form && actions)
    return (
      <form
        className="contract toolbar"
        aria-label={`${t('editContract')}: ${c.title}`}
        onSubmit={(e) => {
          e.preventDefault();
          actions.onSave(c, body(form));
          setForm(null);
        }}
      >
        <Field label={t('contractTitle')} required>
          <Input value={form.title} onChange={(_, d) => setForm({ ...form, title: d.value })} required maxLength={200} />
        </Field>
        <Field label={t('validFrom')}>
          <Input type="date" value={form.validFrom} onChange={(_, d) => setForm({ ...form, validFrom: d.value })} />
        </Field>
        <Field label={t('validTo')}>
          <Input type="date" value={form.validTo} onChange={(_, d) => setForm({ ...form, validTo: d.value })} />
        </Field>
        <Field label={t('link')}>
          <Input type="url" value={form.link} onChange={(_, d) => setForm({ ...form, link: d.value })} />
        </Field>
        <Button type="submit" appearance="primary">
          {t('save')}
        </Button>
        <Button onClick={() => setForm(null)}>{t('cancel')}</Button>
      </form>
    );
  return (
    <div className={`contract${c.current ? ' current' : ''}`} data-contract={c.id} aria-current={c.current ? 'true' : undefined}>
      <Text weight="semibold">
        {c.link ? (
          <Link
            href={c.link}
            onClick={(e) => {
              e.preventDefault();
              openExternal(c.link!);
            }}
          >
            {c.title}
          </Link>
        ) : (
          c.title
        )}
      </Text>{' '}
      {c.current && <Badge color="success">{t('current')}</Badge>}
      {c.status === 'upcoming' && <Badge color="informative">{t('upcoming')}</Badge>}
      <br />
      <Caption1>{validity(c, locale)}</Caption1>
      {actions?.editing && (
        <div className="toolbar no-print">
          <Button
            size="small"
            onClick={() => setForm({ title: c.title, validFrom: c.validFrom ?? '', validTo: c.validTo ?? '', link: c.link ?? '' })}
            aria-label={`${t('editContract')}: ${c.title}`}
          >
            {t('edit')}
          </Button>
          {c.status !== 'expired' && (
            <Button
              size="small"
              onClick={() => actions.onSave(c, { title: c.title, validFrom: c.validFrom, validTo: actions.today, link: c.link })}
              aria-label={`${t('endContract')}: ${c.title}`}
            >
              {t('endContract')}
            </Button>
          )}
          {confirming ? (
            <Button size="small" appearance="primary" onClick={() => actions.onRemove(c)} aria-label={`${t('confirmRemove')}: ${c.title}`}>
              {t('confirmRemove')}
            </Button>
          ) : (
            <Button size="small" onClick={() => setConfirming(true)} aria-label={`${t('remove')}: ${c.title}`}>
              {t('remove')}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

function TocTab() {
  const env = useTabEnv();
  const { locale } = env;
  const t = translator(dict, locale);
  const [q, setQ] = useState('');
  const [error, setError] = useState<unknown>();
  const [renaming, setRenaming] = useState<{ itemId: string; title: string } | null>(null);
  const [contract, setContract] = useState({ title: '', validFrom: '', validTo: '', link: '' });
  const [item, setItem] = useState({ section: '', title: '', linkTarget: '' });
  const [editing, setEditing] = useState(false);
  // Reading is the default: the page is a table of contents; editing controls show in edit mode.
  const [editMode, setEditMode] = useState(false);
  const account = useLoad(() => resolveCustomerId(env.context.channel?.id), [env.context.channel?.id]);
  const toc = useLoad(
    async () => (account.data ? api.get<TocView>(`/accounts/${encodeURIComponent(account.data)}/toc`) : undefined),
    [account.data],
  );
  const v = toc.data;
  const base = v ? `/accounts/${encodeURIComponent(v.account.id)}` : '';
  const refocus = useRefocus(v);
  const ot = translator(orderDict, locale);
  const saveOrder = (order: string[], label: string) => {
    refocus(label);
    void run(() => api.put(`${base}/toc/order`, { items: order }));
  };

  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setError(undefined);
      await toc.reload();
    } catch (e) {
      setError(e);
    }
  };

  const needle = q.trim().toLocaleLowerCase('fi');
  const matches = (...s: (string | null)[]) => !needle || s.some((x) => (x ?? '').toLocaleLowerCase('fi').includes(needle));
  const sections = useMemo(() => {
    const m = new Map<string, Item[]>();
    for (const i of v?.items ?? []) {
      if (i.hidden && !v?.canWrite) continue;
      if (!matches(i.section, i.title, i.description, i.linkTarget)) continue;
      m.set(i.section, [...(m.get(i.section) ?? []), i]);
    }
    return [...m];
  }, [v, needle]);
  const active = (v?.contracts.active ?? []).filter((c) => matches(c.title));
  const expired = (v?.contracts.expired ?? []).filter((c) => matches(c.title));

  const contractActions: ContractActions | undefined = v?.canWrite
    ? {
        editing: editMode,
        // Ended now = valid until yesterday, so it moves to the expired contracts at once.
        today: dayBefore(v!.today),
        onSave: (c, patch) => void run(() => api.put(`${base}/contracts/${encodeURIComponent(c.id)}`, patch)),
        onRemove: (c) => void run(() => api.del(`${base}/contracts/${encodeURIComponent(c.id)}`)),
      }
    : undefined;

  if (account.data === null)
    return (
      <main className="tab-main">
        <Text>{t('noAccount')}</Text>
      </main>
    );

  return (
    <main className="tab-main">
      <Title2 as="h1">
        {t('title')}
        {v ? ` – ${v.account.name}` : ''}
      </Title2>
      <div className="toolbar no-print" role="search">
        <Label htmlFor="toc-search" className="visually-hidden">
          {t('searchLabel')}
        </Label>
        <Input
          id="toc-search"
          type="search"
          placeholder={t('searchLabel')}
          value={q}
          onChange={(_, d) => setQ(d.value)}
          style={{ flex: '1 1 260px' }}
        />
        <span className="spacer" />
        {v?.canWrite && (
          <Button
            size="small"
            appearance={editMode ? 'primary' : 'secondary'}
            aria-pressed={editMode}
            onClick={() => setEditMode(!editMode)}
          >
            {editMode ? t('doneEditing') : t('edit')}
          </Button>
        )}
        {v?.canEditTemplate && (
          <Button
            size="small"
            appearance={editing ? 'primary' : 'secondary'}
            aria-expanded={editing}
            aria-controls="template-editor"
            onClick={() => setEditing(!editing)}
          >
            {editing ? t('closeEditor') : t('editTemplate')}
          </Button>
        )}
        <Button size="small" onClick={() => window.print()}>
          {t('print')}
        </Button>
      </div>
      <ErrorBar error={toc.error ?? error ?? account.error} />
      {toc.loading && !v && <Spinner label={t('loading')} />}
      {v?.canEditTemplate && editing && (
        <div id="template-editor">
          <Suspense fallback={<Spinner size="small" label={t('loading')} />}>
            <TemplateEditor locale={locale} onChanged={() => void toc.reload()} />
          </Suspense>
        </div>
      )}
      {v && (
        <>
          <section aria-labelledby="contracts-h">
            <h2 className="toc-section" id="contracts-h">
              {t('contracts')}
            </h2>
            {active.length === 0 && expired.length === 0 && <Text>{t('noContracts')}</Text>}
            {active.map((c) => (
              <ContractCard key={c.id} c={c} t={t} locale={locale} actions={contractActions} />
            ))}
            {expired.length > 0 && (
              <details>
                <summary>
                  {t('expired')} ({expired.length})
                </summary>
                {expired.map((c) => (
                  <ContractCard key={c.id} c={c} t={t} locale={locale} actions={contractActions} />
                ))}
              </details>
            )}
            {v.canWrite && editMode && (
              <form
                className="toolbar no-print"
                aria-label={t('addContract')}
                onSubmit={(e) => {
                  e.preventDefault();
                  void run(async () => {
                    await api.post(`${base}/contracts`, {
                      title: contract.title,
                      validFrom: contract.validFrom || null,
                      validTo: contract.validTo || null,
                      link: contract.link || null,
                    });
                    setContract({ title: '', validFrom: '', validTo: '', link: '' });
                  });
                }}
              >
                <Field label={t('contractTitle')} required>
                  <Input
                    value={contract.title}
                    onChange={(_, d) => setContract({ ...contract, title: d.value })}
                    required
                    maxLength={200}
                  />
                </Field>
                <Field label={t('validFrom')}>
                  <Input type="date" value={contract.validFrom} onChange={(_, d) => setContract({ ...contract, validFrom: d.value })} />
                </Field>
                <Field label={t('validTo')}>
                  <Input type="date" value={contract.validTo} onChange={(_, d) => setContract({ ...contract, validTo: d.value })} />
                </Field>
                <Field label={t('link')}>
                  <Input type="url" value={contract.link} onChange={(_, d) => setContract({ ...contract, link: d.value })} />
                </Field>
                <Button type="submit" appearance="primary">
                  {t('addContract')}
                </Button>
              </form>
            )}
          </section>
          {sections.length === 0 && needle && <Text>{t('nothingFound')}</Text>}
          {sections.map(([section, items]) => (
            <section key={section} aria-label={section}>
              <h2 className="toc-section">{section}</h2>
              {v.canWrite && editMode && !needle && (
                <div className="toolbar no-print">
                  <MoveButtons
                    t={ot}
                    name={section}
                    kind="section"
                    up={orderAfterSectionMove(v.items, section, -1)}
                    down={orderAfterSectionMove(v.items, section, 1)}
                    onOrder={saveOrder}
                  />
                </div>
              )}
              {items.map((i) => (
                <div key={i.id} className={`toc-item${i.hidden ? ' hidden' : ''}`} data-item={i.id}>
                  <Text weight="semibold">
                    <ItemTitle item={i} t={t} />
                  </Text>
                  {i.hidden && <Caption1> ({t('hiddenNote')})</Caption1>}
                  {i.origin === 'added' && <Caption1> ({t('added')})</Caption1>}
                  {i.description && (
                    <>
                      <br />
                      <Text>{i.description}</Text>
                    </>
                  )}
                  <br />
                  <Caption1>
                    {t('updated')} {formatDate(i.updatedAt, locale)}
                  </Caption1>
                  {v.canWrite && editMode && (
                    <div className="toolbar no-print">
                      {!needle && (
                        <MoveButtons
                          t={ot}
                          name={i.title}
                          kind="item"
                          up={orderAfterItemMove(v.items, i.id, -1)}
                          down={orderAfterItemMove(v.items, i.id, 1)}
                          onOrder={saveOrder}
                        />
                      )}
                      {i.itemId && !i.hidden && (
                        <Button
                          size="small"
                          onClick={() => void run(() => api.post(`${base}/toc/overrides`, { kind: 'hide', itemId: i.itemId }))}
                          aria-label={`${t('hide')}: ${i.title}`}
                        >
                          {t('hide')}
                        </Button>
                      )}
                      {i.overrideId && (i.hidden || i.origin !== 'template') && (
                        <Button
                          size="small"
                          onClick={() => void run(() => api.del(`${base}/toc/overrides/${encodeURIComponent(i.overrideId!)}`))}
                          aria-label={`${i.hidden ? t('show') : t('remove')}: ${i.title}`}
                        >
                          {i.hidden ? t('show') : t('remove')}
                        </Button>
                      )}
                      {i.itemId &&
                        !i.hidden &&
                        (renaming?.itemId === i.itemId ? (
                          <form
                            onSubmit={(e) => {
                              e.preventDefault();
                              void run(async () => {
                                await api.post(`${base}/toc/overrides`, { kind: 'rename', itemId: i.itemId, title: renaming.title });
                                setRenaming(null);
                              });
                            }}
                          >
                            <Input
                              size="small"
                              aria-label={`${t('newName')}: ${i.title}`}
                              value={renaming.title}
                              onChange={(_, d) => setRenaming({ itemId: i.itemId!, title: d.value })}
                              required
                            />
                            <Button size="small" type="submit">
                              {t('save')}
                            </Button>
                          </form>
                        ) : (
                          <Button
                            size="small"
                            onClick={() => setRenaming({ itemId: i.itemId!, title: i.title })}
                            aria-label={`${t('rename')}: ${i.title}`}
                          >
                            {t('rename')}
                          </Button>
                        ))}
                    </div>
                  )}
                </div>
              ))}
            </section>
          ))}
          {v.canWrite && editMode && v.ownOrder && (
            <Button className="no-print" onClick={() => void run(() => api.del(`${base}/toc/order`))}>
              {ot('templateOrder')}
            </Button>
          )}
          {v.canWrite && editMode && (
            <form
              className="toolbar no-print"
              aria-label={t('addItem')}
              onSubmit={(e) => {
                e.preventDefault();
                void run(async () => {
                  await api.post(`${base}/toc/overrides`, {
                    kind: 'add',
                    section: item.section,
                    title: item.title,
                    ...(item.linkTarget ? { linkKind: 'url', linkTarget: item.linkTarget } : {}),
                  });
                  setItem({ section: '', title: '', linkTarget: '' });
                });
              }}
            >
              <Field label={t('section')} required>
                <Input value={item.section} onChange={(_, d) => setItem({ ...item, section: d.value })} required />
              </Field>
              <Field label={t('itemTitle')} required>
                <Input value={item.title} onChange={(_, d) => setItem({ ...item, title: d.value })} required />
              </Field>
              <Field label={t('link')}>
                <Input type="url" value={item.linkTarget} onChange={(_, d) => setItem({ ...item, linkTarget: d.value })} />
              </Field>
              <Button type="submit">{t('addItem')}</Button>
            </form>
          )}
          {v.canWrite && <OnboardingPanel base={base} items={v.items} locale={locale} />}
        </>
      )}
    </main>
  );
}

mountTab(() => <TocTab />);
