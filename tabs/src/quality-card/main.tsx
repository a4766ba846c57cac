import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Button, Caption1, Spinner, Subtitle2, Tab, TabList, Text, Title2 } from '@fluentui/react-components';
import { mountTab, useTabEnv, ErrorBar } from '../shared/shell';
import { api, resolveCustomerId, type Me } from '../shared/api';
import { formatDate, formatNumber, translator, type Translate } from '../shared/i18n';
import type { Locale } from '../shared/teams';
import { useLoad } from '../shared/use-load';
import { addPeriods, lastMonth } from '../shared/period';
import { parseKpiValue } from '../../../src/domain/quality-card/parse-kpi-value';
import { dict } from './dict';
import { Sparkline } from './sparkline';
import type { KpiRow, LightName, QualityCardView, QualityInput, SummaryRow } from './types';
import { CommentForm, fill, LoopSection, loopTranslator } from './loop-view';
import { FeedbackSection } from './feedback-view';
import { PortfolioView } from './portfolio-view';
import { NpsImport } from './nps-import';
import type { LoopSummary } from './loop-types';

// The import dialog (Fluent Dialog, MessageBar…) is not needed for the first view: its code loads after the card shows.
const KpiImportDialog = lazy(() => import('./import-dialog').then((m) => ({ default: m.KpiImportDialog })));

type T = Translate<typeof dict>;

type EditFields = typeof import('./edit-fields');
let editFields: Promise<EditFields> | undefined;
const loadEditFields = () => (editFields ??= import('./edit-fields'));

function Light({ light, t }: { light: LightName; t: T }) {
  return <span className={`light light-${light}`}>{t(light)}</span>;
}

function unitText(k: KpiRow, n: number | null, locale: Locale): string {
  if (n === null) return '–';
  return k.unit === '%' ? `${formatNumber(n, locale)} %` : formatNumber(n, locale);
}

function periodName(p: string, locale: Locale): string {
  return formatDate(`${p}-01`, locale, { month: 'long', year: 'numeric' });
}

interface Draft {
  summary: string;
  kpis: Record<string, { value: string; target: string; comment: string }>;
}

function draftOf(card: QualityCardView, locale: Locale): Draft {
  const num = (n: number | null) => (n === null ? '' : formatNumber(n, locale, 2).replace(/\s/g, ''));
  return {
    summary: card.summary,
    kpis: Object.fromEntries(card.kpis.map((k) => [k.key, { value: num(k.value), target: num(k.target), comment: k.comment }])),
  };
}

function CardView({
  customerId,
  t,
  locale,
  refresh,
  onSettled,
  owner,
}: {
  customerId: string;
  t: T;
  locale: Locale;
  refresh: number;
  onSettled(): void;
  /** The caller owns the account: sees its feedback list. */
  owner: boolean;
}) {
  // Opens on last month: the tab's HTML prefetches that card (api-prefetch {lastMonth}).
  const [period, setPeriod] = useState(lastMonth);
  const card = useLoad(
    () => api.get<QualityCardView>(`/accounts/${encodeURIComponent(customerId)}/quality/${period}`),
    [customerId, period, refresh],
  );
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saveError, setSaveError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const c = card.data;
  const [fields, setFields] = useState<EditFields | null>(null);
  useEffect(() => setDraft(null), [period]);
  useEffect(() => {
    if (!card.loading) onSettled();
  }, [card.loading, onSettled]);
  // Someone who may edit gets the editing controls' code once the card shows, so Edit opens at once.
  useEffect(() => {
    if (c?.canWrite) void loadEditFields().then(setFields, () => undefined);
  }, [c?.canWrite]);

  async function startEditing(from: QualityCardView) {
    try {
      setFields(await loadEditFields());
      setDraft(draftOf(from, locale));
    } catch (e) {
      setSaveError(e);
    }
  }

  async function save() {
    if (!c || !draft) return;
    const parse = (s: string) => {
      if (s.trim() === '') return null;
      const r = parseKpiValue(s, locale);
      if (!r.ok) throw new Error(`${t('invalidNumber')}: ${s}`);
      return r.value;
    };
    setBusy(true);
    try {
      const body: QualityInput = {
        summary: draft.summary,
        kpis: c.kpis.map((k) => ({
          key: k.key,
          value: parse(draft.kpis[k.key].value),
          target: parse(draft.kpis[k.key].target),
          comment: draft.kpis[k.key].comment || null,
        })),
      };
      card.setData(await api.put<QualityCardView>(`/accounts/${encodeURIComponent(customerId)}/quality/${period}`, body));
      setDraft(null);
      setSaveError(undefined);
    } catch (e) {
      setSaveError(e);
    } finally {
      setBusy(false);
    }
  }

  const setKpi = (key: string, field: 'value' | 'target' | 'comment', v: string) =>
    setDraft((d) => (d ? { ...d, kpis: { ...d.kpis, [key]: { ...d.kpis[key], [field]: v } } } : d));

  return (
    <>
      <div className="toolbar no-print">
        <Button size="small" aria-label={t('prev')} onClick={() => setPeriod((p) => addPeriods(p, -1))}>
          ‹
        </Button>
        <Subtitle2 aria-live="polite">{periodName(period, locale)}</Subtitle2>
        <Button size="small" aria-label={t('next')} onClick={() => setPeriod((p) => addPeriods(p, 1))}>
          ›
        </Button>
        {c && (
          <Caption1>
            {t('periodView')} {c.periodLabel}
          </Caption1>
        )}
        <span className="spacer" />
        <Button size="small" onClick={() => window.print()}>
          {t('print')}
        </Button>
        {c?.canWrite && !draft && (
          <Button size="small" appearance="primary" onClick={() => void startEditing(c)}>
            {t('edit')}
          </Button>
        )}
        {draft && (
          <>
            <Button size="small" onClick={() => setDraft(null)}>
              {t('cancel')}
            </Button>
            <Button size="small" appearance="primary" disabled={busy} onClick={() => void save()}>
              {t('save')}
            </Button>
          </>
        )}
      </div>
      <ErrorBar error={card.error ?? saveError} />
      {card.loading && !c && <Spinner label={t('loading')} />}
      {c && (
        <>
          <Text as="p" className="card-header" data-testid="card-header">
            <strong>{c.account.name}</strong> · {[...c.facts.cities, ...c.facts.regions].join(', ') || '–'} · {c.yearLabel}
          </Text>
          <section aria-labelledby="summary-h">
            <h2 className="agenda-month" id="summary-h">
              {t('summary')}
            </h2>
            {draft && fields ? (
              <fields.SummaryField label={t('summary')} value={draft.summary} onChange={(v) => setDraft({ ...draft, summary: v })} />
            ) : (
              <Text as="p" style={{ whiteSpace: 'pre-wrap' }}>
                {c.summary || t('noSummary')}
              </Text>
            )}
            {c.updatedAt && (
              <div className="updated-note">
                <Caption1>
                  {t('updated')} {formatDate(c.updatedAt, locale)} · {c.updatedBy}
                </Caption1>
              </div>
            )}
          </section>
          <section aria-labelledby="facts-h">
            <h2 className="agenda-month" id="facts-h">
              {t('facts')}
            </h2>
            <div className="facts">
              <div className="fact">
                <div className="label">{t('sites')}</div>
                <Text weight="semibold">{c.facts.siteCount}</Text>
              </div>
              <div className="fact">
                <div className="label">{t('regions')}</div>
                <Text weight="semibold">{c.facts.regions.join(', ') || '–'}</Text>
              </div>
              <div className="fact">
                <div className="label">{t('contract')}</div>
                <Text weight="semibold">
                  {c.facts.contract.start ? formatDate(c.facts.contract.start, locale) : '–'} –{' '}
                  {c.facts.contract.end ? formatDate(c.facts.contract.end, locale) : ''}
                </Text>
              </div>
              {c.facts.monthlyBilling !== undefined && (
                <div className="fact">
                  <div className="label">{t('billing')}</div>
                  <Text weight="semibold">
                    {c.facts.monthlyBilling === null ? '–' : `${formatNumber(c.facts.monthlyBilling, locale, 0)} €`}
                  </Text>
                </div>
              )}
            </div>
          </section>
          <section aria-labelledby="kpi-h">
            <h2 className="agenda-month" id="kpi-h">
              {t('kpis')}
            </h2>
            <div className="table-scroll">
              <table className="kpi-table stack-table">
                <thead>
                  <tr>
                    <th scope="col">{t('kpi')}</th>
                    <th scope="col">{t('value')}</th>
                    <th scope="col">{t('target')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col">{t('trend')}</th>
                    <th scope="col">{t('comment')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.kpis.map((k) => {
                    const name = k.label[locale];
                    const dir = k.trend.direction;
                    const edit = draft && fields ? { d: draft.kpis[k.key], Input: fields.KpiInput } : null;
                    const trendWords =
                      dir === 'none'
                        ? t('none')
                        : `${t(dir)}${k.trend.improving === null ? '' : `, ${t(k.trend.improving ? 'good' : 'bad')}`}`;
                    return (
                      <tr key={k.key} data-kpi={k.key}>
                        <th scope="row">{name}</th>
                        <td className="num" data-label={t('value')}>
                          {edit ? (
                            <edit.Input
                              numeric
                              label={`${name}: ${t('value')}`}
                              value={edit.d.value}
                              onChange={(v) => setKpi(k.key, 'value', v)}
                            />
                          ) : (
                            unitText(k, k.value, locale)
                          )}
                        </td>
                        <td className="num" data-label={t('target')}>
                          {edit ? (
                            <edit.Input
                              numeric
                              label={`${name}: ${t('target')}`}
                              value={edit.d.target}
                              onChange={(v) => setKpi(k.key, 'target', v)}
                            />
                          ) : (
                            unitText(k, k.target, locale)
                          )}
                        </td>
                        <td data-label={t('status')}>
                          <Light light={k.light} t={t} />
                        </td>
                        <td data-label={t('trend')}>
                          <Sparkline kpi={k} label={`${name}: ${t('trend')} ${trendWords}`} />
                        </td>
                        <td data-label={t('comment')}>
                          {edit ? (
                            <edit.Input
                              label={`${name}: ${t('comment')}`}
                              value={edit.d.comment}
                              onChange={(v) => setKpi(k.key, 'comment', v)}
                            />
                          ) : (
                            k.comment
                          )}
                          {!draft && k.source?.startsWith('import:') && (
                            <Caption1 as="p" style={{ margin: '2px 0 0' }} data-testid={`imported-${k.key}`}>
                              {t('imported')}: {k.source.slice('import:'.length)}
                              {k.updatedAt ? ` · ${formatDate(k.updatedAt, locale)}` : ''}
                              {k.updatedBy ? ` · ${k.updatedBy}` : ''}
                            </Caption1>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
          <LoopSection customerId={customerId} period={period} locale={locale} />
          {owner && <FeedbackSection customerId={customerId} locale={locale} />}
        </>
      )}
    </>
  );
}

/** "no value" to "not on the card" is no news for management. */
const meaningful = (changes: SummaryRow['changes']) => changes.filter((c) => (c.from ?? 'none') !== (c.to ?? 'none'));

function ManagementView({ t, locale, refresh }: { t: T; locale: Locale; refresh: number }) {
  const [period, setPeriod] = useState(lastMonth);
  const [again, setAgain] = useState(0);
  const [commenting, setCommenting] = useState<string | null>(null);
  const lt = loopTranslator(locale);
  const sum = useLoad(() => api.get<LoopSummary>(`/quality/loop-summary?period=${period}`), [period, refresh, again]);
  const kpiName = (key: string) => sum.data?.labels[key]?.[locale] ?? key;
  return (
    <>
      <div className="toolbar no-print">
        <Button size="small" aria-label={t('prev')} onClick={() => setPeriod((p) => addPeriods(p, -1))}>
          ‹
        </Button>
        <Subtitle2 aria-live="polite">{periodName(period, locale)}</Subtitle2>
        <Button size="small" aria-label={t('next')} onClick={() => setPeriod((p) => addPeriods(p, 1))}>
          ›
        </Button>
      </div>
      <ErrorBar error={sum.error} />
      {sum.data && (
        <Text as="p" data-testid="summary-counts">
          {sum.data.yearLabel} · {fill(lt('inCount'), { ready: sum.data.counts.ready, missing: sum.data.counts.notReady })}
          {sum.data.nps.nps !== null && ` · ${fill(lt('overallNps'), { nps: sum.data.nps.nps, n: sum.data.nps.answers })}`}
        </Text>
      )}
      <NpsImport period={period} locale={locale} onImported={() => setAgain((n) => n + 1)} />
      {sum.data && (
        <div className="table-scroll">
          <table className="kpi-table stack-table" data-testid="management-summary">
            <thead>
              <tr>
                <th scope="col">{t('account')}</th>
                <th scope="col">{t('red')}</th>
                <th scope="col">{t('yellow')}</th>
                <th scope="col">{t('green')}</th>
                <th scope="col">{t('changes')}</th>
                <th scope="col">{lt('readyCol')}</th>
              </tr>
            </thead>
            <tbody>
              {sum.data.rows.map((r) => (
                <tr key={r.customerId} data-account={r.customerId}>
                  <th scope="row">{r.accountName}</th>
                  {r.missing ? (
                    <td colSpan={4}>{t('missing')}</td>
                  ) : (
                    <>
                      <td className="num" data-label={t('red')}>
                        {r.counts.red}
                      </td>
                      <td className="num" data-label={t('yellow')}>
                        {r.counts.yellow}
                      </td>
                      <td className="num" data-label={t('green')}>
                        {r.counts.green}
                      </td>
                      <td data-label={t('changes')}>
                        {r.previousMissing
                          ? t('noComparison')
                          : meaningful(r.changes).length === 0
                            ? t('noChanges')
                            : meaningful(r.changes)
                                .map((ch) => `${kpiName(ch.key)}: ${ch.from ? t(ch.from) : '–'} → ${ch.to ? t(ch.to) : '–'}`)
                                .join('; ')}
                      </td>
                    </>
                  )}
                  <td data-label={lt('readyCol')} data-ready={r.ready ? 'yes' : 'no'}>
                    <div>{r.ready ? lt('readyShort') : lt('notReadyShort')}</div>
                    {r.instructions.current.map((i) => (
                      <Caption1 as="p" key={i.id} className="instruction-text">
                        {lt(i.kind)} ({lt(i.status)}): {i.text}
                      </Caption1>
                    ))}
                    {sum.data?.canComment && commenting !== r.customerId && (
                      <Button
                        size="small"
                        onClick={() => setCommenting(r.customerId)}
                        aria-label={`${lt('writeComment')}: ${r.accountName}`}
                      >
                        {lt('writeComment')}
                      </Button>
                    )}
                    {commenting === r.customerId && (
                      <CommentForm
                        customerId={r.customerId}
                        period={period}
                        t={lt}
                        onSent={() => (setCommenting(null), setAgain((n) => n + 1))}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function QualityCardTab() {
  const env = useTabEnv();
  const { locale } = env;
  const t = translator(dict, locale);
  const [mode, setMode] = useState<'card' | 'portfolio' | 'management'>('card');
  const [refresh, setRefresh] = useState(0);
  const me = useLoad(() => api.get<Me>('/me'), []);
  const account = useLoad(() => resolveCustomerId(env.context.channel?.id), [env.context.channel?.id]);
  // The KPI import dialog's code (Fluent Dialog…) loads once the card has been shown (or could not be), not while it loads.
  const [cardSettled, setCardSettled] = useState(false);
  const onCardSettled = useCallback(() => setCardSettled(true), []);
  const accountInfo = useLoad(
    async () => (account.data ? await api.get<{ name: string; canWrite: boolean }>(`/accounts/${encodeURIComponent(account.data)}`) : null),
    [account.data],
  );
  const accountName = { data: accountInfo.data?.name ?? '', error: accountInfo.error };
  const owner = accountInfo.data?.canWrite === true;

  return (
    <main className="tab-main">
      <Title2 as="h1">
        {t('title')}
        {accountName.data ? ` – ${accountName.data}` : ''}
      </Title2>
      {(me.data?.director || me.data?.admin || owner) && (
        <div className="toolbar no-print">
          {(me.data?.director || owner) && (
            <TabList selectedValue={mode} onTabSelect={(_, d) => setMode(d.value as 'card')} size="small">
              <Tab value="card">{t('card')}</Tab>
              {owner && <Tab value="portfolio">{loopTranslator(locale)('portfolio')}</Tab>}
              {me.data?.director && <Tab value="management">{t('management')}</Tab>}
            </TabList>
          )}
          <span className="spacer" />
          {(me.data?.director || me.data?.admin) &&
            (cardSettled || mode === 'management' || account.data === null || account.error !== undefined) && (
              <Suspense fallback={null}>
                <KpiImportDialog t={t} locale={locale} onImported={() => setRefresh((n) => n + 1)} />
              </Suspense>
            )}
        </div>
      )}
      <ErrorBar error={account.error ?? accountName.error} />
      {account.data === null && <Text>{t('noAccount')}</Text>}
      {mode === 'card' && account.data && (
        <CardView customerId={account.data} t={t} locale={locale} refresh={refresh} onSettled={onCardSettled} owner={owner} />
      )}
      {mode === 'portfolio' && <PortfolioView locale={locale} />}
      {mode === 'management' && <ManagementView t={t} locale={locale} refresh={refresh} />}
    </main>
  );
}

mountTab(() => <QualityCardTab />);
