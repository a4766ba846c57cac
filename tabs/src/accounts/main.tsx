import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { Button, Input, Link, Spinner, Title2, Caption1, Badge, Label } from '@fluentui/react-components';
import { mountTab, useTabEnv, ErrorBar } from '../shared/shell';
import { api, type AccountSummary } from '../shared/api';
import { translator } from '../shared/i18n';
import { openExternal } from '../shared/teams';
import { useLoad } from '../shared/use-load';
import { membersDict } from './members-dict';

// The members view loads when someone opens it, keeping the A–Ö list light.
const MembersPanel = lazy(() => import('./members-view'));

const dict = {
  title: { fi: 'Asiakkuudet A–Ö', en: 'Accounts A–Ö' },
  filter: { fi: 'Suodata nimellä, vastuuhenkilöllä tai alueella', en: 'Filter by name, owner or region' },
  owner: { fi: 'Vastuuhenkilö', en: 'Owner' },
  sites: { fi: 'Kohteita', en: 'Sites' },
  regions: { fi: 'Alueet', en: 'Regions' },
  openChannel: { fi: 'Avaa kanava', en: 'Open channel' },
  noChannel: { fi: 'Ei kanavaa vielä', en: 'No channel yet' },
  none: { fi: 'Ei näytettäviä asiakkuuksia.', en: 'No accounts to show.' },
  count: { fi: 'asiakkuutta', en: 'accounts' },
  yours: { fi: 'Sinun', en: 'Yours' },
  myIcs: { fi: 'Omat vuosikellotapahtumat (.ics)', en: 'My annual-clock events (.ics)' },
  members: membersDict.members,
};

// Finnish alphabet order: Å, Ä, Ö come after Z.
const collator = new Intl.Collator('fi');

function firstLetter(name: string): string {
  const c = name.trim().charAt(0).toLocaleUpperCase('fi');
  return /[A-ZÅÄÖ]/.test(c) ? c : '#';
}

function AccountsTab() {
  const env = useTabEnv();
  const t = translator(dict, env.locale);
  const [filter, setFilter] = useState('');
  const [downloadError, setDownloadError] = useState<unknown>();
  const { data, error, loading } = useLoad(() => api.get<{ accounts: AccountSummary[] }>('/accounts'), []);
  const [open, setOpen] = useState<string | null>(null);
  const lastOpener = useRef<string | null>(null);

  const groups = useMemo(() => {
    const q = filter.trim().toLocaleLowerCase('fi');
    const list = (data?.accounts ?? [])
      .filter((a) => !q || [a.name, a.ownerName ?? '', a.ownerEmail ?? '', ...a.regions].some((s) => s.toLocaleLowerCase('fi').includes(q)))
      .sort((a, b) => collator.compare(a.name, b.name));
    const byLetter = new Map<string, AccountSummary[]>();
    for (const a of list) byLetter.set(firstLetter(a.name), [...(byLetter.get(firstLetter(a.name)) ?? []), a]);
    return { list, byLetter: [...byLetter] };
  }, [data, filter]);

  if (open) {
    return (
      <main className="tab-main">
        <Title2 as="h1" className="visually-hidden">
          {t('title')}
        </Title2>
        <Suspense fallback={<Spinner label={t('loading')} />}>
          <MembersPanel
            customerId={open}
            locale={env.locale}
            onBack={() => {
              setOpen(null);
              // Back where the person was: focus the button that opened the view.
              requestAnimationFrame(() =>
                document.querySelector<HTMLElement>(`[data-account="${CSS.escape(lastOpener.current ?? '')}"] .members-button`)?.focus(),
              );
            }}
          />
        </Suspense>
      </main>
    );
  }

  return (
    <main className="tab-main">
      <Title2 as="h1">{t('title')}</Title2>
      <div className="toolbar">
        <Label htmlFor="filter" className="visually-hidden">
          {t('filter')}
        </Label>
        <Input
          id="filter"
          type="search"
          placeholder={t('filter')}
          value={filter}
          onChange={(_, d) => setFilter(d.value)}
          style={{ flex: '1 1 260px' }}
        />
        <Caption1 aria-live="polite">
          {groups.list.length} {t('count')}
        </Caption1>
        <Button
          size="small"
          onClick={() => void api.download(`/me/clock.ics?lang=${env.locale}`, 'oma-vuosikello.ics').catch(setDownloadError)}
        >
          {t('myIcs')}
        </Button>
      </div>
      <ErrorBar error={error ?? downloadError} />
      {loading && !data && <Spinner label={t('loading')} />}
      {data && groups.list.length === 0 && <p>{t('none')}</p>}
      {groups.byLetter.map(([letter, accounts]) => (
        <section key={letter} aria-labelledby={`letter-${letter}`}>
          <h2 className="letter" id={`letter-${letter}`}>
            {letter}
          </h2>
          {accounts.map((a) => (
            <div className="account-row" key={a.id} data-account={a.id}>
              <span className="name">
                {a.name} {a.isOwner && <Badge appearance="tint">{t('yours')}</Badge>}
              </span>
              <span>
                {t('owner')}: {a.ownerName ?? '–'}
              </span>
              <span>
                {t('sites')}: {a.siteCount}
              </span>
              <span>
                {t('regions')}: {a.regions.join(', ') || '–'}
              </span>
              <span>
                {a.deepLink ? (
                  <Link
                    href={a.deepLink}
                    onClick={(e) => {
                      e.preventDefault();
                      openExternal(a.deepLink!);
                    }}
                    aria-label={`${t('openChannel')}: ${a.name}`}
                  >
                    {t('openChannel')}
                  </Link>
                ) : (
                  <Caption1>{t('noChannel')}</Caption1>
                )}
              </span>
              <span>
                <Button
                  size="small"
                  className="members-button"
                  onClick={() => {
                    lastOpener.current = a.id;
                    setOpen(a.id);
                  }}
                  aria-label={`${t('members')}: ${a.name}`}
                >
                  {t('members')}
                </Button>
              </span>
            </div>
          ))}
        </section>
      ))}
    </main>
  );
}

mountTab(() => <AccountsTab />);
