import { useState } from 'react';
import { Badge, Button, Caption1, Subtitle2, Text } from '@fluentui/react-components';
import { ErrorBar } from '../shared/shell';
import { api } from '../shared/api';
import { formatDate, formatNumber } from '../shared/i18n';
import type { Locale } from '../shared/teams';
import { useLoad } from '../shared/use-load';
import { addPeriods, lastMonth } from '../shared/period';
import { fill, loopTranslator } from './loop-view';
import type { LoopSummary } from './loop-types';
import './quality-loop.css';

const LIGHT = {
  green: { fi: 'Vihreä', en: 'Green' },
  yellow: { fi: 'Keltainen', en: 'Yellow' },
  red: { fi: 'Punainen', en: 'Red' },
  none: { fi: 'Ei tietoa', en: 'No data' },
};

/** A KAD's own accounts side by side for one month: lights, ready mark, open instructions, billing. */
export function PortfolioView({ locale }: { locale: Locale }) {
  const t = loopTranslator(locale);
  const [period, setPeriod] = useState(lastMonth);
  const p = useLoad(() => api.get<LoopSummary>(`/quality/portfolio?period=${period}`), [period]);
  const d = p.data;
  return (
    <>
      <div className="toolbar no-print">
        <Button
          size="small"
          aria-label={locale === 'fi' ? 'Edellinen kuukausi' : 'Previous month'}
          onClick={() => setPeriod((x) => addPeriods(x, -1))}
        >
          ‹
        </Button>
        <Subtitle2 aria-live="polite">{formatDate(`${period}-01`, locale, { month: 'long', year: 'numeric' })}</Subtitle2>
        <Button
          size="small"
          aria-label={locale === 'fi' ? 'Seuraava kuukausi' : 'Next month'}
          onClick={() => setPeriod((x) => addPeriods(x, 1))}
        >
          ›
        </Button>
        {d && <Caption1>{d.yearLabel}</Caption1>}
      </div>
      <ErrorBar error={p.error} />
      {d && d.rows.length === 0 && <Text as="p">{t('noPortfolio')}</Text>}
      {d && (
        <div className="portfolio" data-testid="portfolio">
          {d.rows.map((r) => {
            const open = r.instructions.current.concat(r.instructions.stillOpen).filter((i) => i.status === 'open').length;
            return (
              <article key={r.customerId} className="portfolio-card" data-account={r.customerId} aria-labelledby={`pf-${r.customerId}`}>
                <h2 id={`pf-${r.customerId}`}>{r.accountName}</h2>
                {r.facts && (
                  <Caption1>
                    {[...r.facts.cities, ...r.facts.regions].join(', ') || '–'} · {d.yearLabel}
                  </Caption1>
                )}
                <div className="instruction-head">
                  <Badge appearance="filled" color={r.ready ? 'success' : 'subtle'}>
                    {r.ready ? t('readyShort') : t('notReadyShort')}
                  </Badge>
                  {open > 0 && (
                    <Badge appearance="tint" color="warning">
                      {fill(t('openCount'), { n: open })}
                    </Badge>
                  )}
                </div>
                {r.missing && <Text>{locale === 'fi' ? 'Laatukortti puuttuu' : 'Card missing'}</Text>}
                <ul className="portfolio-lights">
                  {r.lights.map((k) => (
                    <li key={k.key}>
                      <span>{d.labels[k.key]?.[locale] ?? k.key}</span>
                      <span className={`light light-${k.light}`}>{LIGHT[k.light][locale]}</span>
                    </li>
                  ))}
                </ul>
                {r.facts?.monthlyBilling != null && (
                  <Caption1>
                    {locale === 'fi' ? 'Laskutus / kk' : 'Billing / month'}: {formatNumber(r.facts.monthlyBilling, locale, 0)} €
                  </Caption1>
                )}
              </article>
            );
          })}
        </div>
      )}
    </>
  );
}
