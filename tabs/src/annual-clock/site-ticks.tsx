import { Caption1, Checkbox } from '@fluentui/react-components';
import { formatDate, type Translate } from '../shared/i18n';
import type { Locale } from '../shared/teams';
import type { dict } from './dict';
import type { Occurrence } from './types';

interface Props {
  occurrence: Occurrence;
  title: string;
  canWrite: boolean;
  me: string;
  t: Translate<typeof dict>;
  locale: Locale;
  onTick(siteId: string, done: boolean): void;
}

/**
 * A site visit's sites: owners see and may tick every site; a supervisor ticks their own sites and
 * sees how many of the others are done.
 */
export function SiteTicks({ occurrence, title, canWrite, me, t, locale, onTick }: Props) {
  const sites = occurrence.sites ?? [];
  const done = sites.filter((s) => s.done).length;
  const shown = canWrite ? sites : sites.filter((s) => s.supervisorEmail === me);
  return (
    <div className="site-ticks" role="group" aria-label={`${title} ${formatDate(occurrence.date, locale)}`}>
      <Caption1 data-testid={`sites-done-${occurrence.eventId}-${occurrence.date}`}>
        {t('sitesDone').replace('{done}', String(done)).replace('{total}', String(sites.length))}
      </Caption1>
      {shown.map((s) => (
        <Checkbox
          key={s.siteId}
          checked={s.done}
          label={canWrite ? `${s.name} – ${s.supervisorName ?? s.supervisorEmail}` : s.name}
          aria-label={`${t('done')}: ${title}, ${s.name}, ${formatDate(occurrence.date, locale)}`}
          onChange={(_, d) => onTick(s.siteId, d.checked === true)}
          data-testid={`tick-${occurrence.eventId}-${occurrence.date}-${s.siteId}`}
        />
      ))}
    </div>
  );
}
