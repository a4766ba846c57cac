import { useState } from 'react';
import { Badge, Button, Caption1, Checkbox, Text } from '@fluentui/react-components';
import { ErrorBar } from '../shared/shell';
import { api } from '../shared/api';
import { formatDate, translator } from '../shared/i18n';
import type { Locale } from '../shared/teams';
import { useLoad } from '../shared/use-load';
import type { OnboardingView } from '../../../src/tabs-api/contracts/toc';
import './onboarding-panel.css';

const dict = {
  onboarding: { fi: 'Perehdytys', en: 'Onboarding' },
  completedOf: { fi: '{done}/{total} henkilöä on lukenut kaiken', en: '{done} of {total} people have read everything' },
  read: { fi: '{done}/{total} luettu', en: '{done}/{total} read' },
  complete: { fi: 'Valmis', en: 'Complete' },
  incomplete: { fi: 'Kesken', en: 'Not complete' },
  nothing: { fi: 'Ei pakollisia', en: 'Nothing required' },
  since: { fi: 'tervetuloviesti', en: 'welcomed' },
  mustRead: { fi: 'Pakolliset luettavat ({count})', en: 'Must-read items ({count})' },
  mustReadHelp: {
    fi: 'Valitse, ketkä kohta koskee. Uusi jäsen saa kohdat tervetuloviestissään ja kuittaa ne luetuiksi.',
    en: 'Choose whom an item concerns. A new member gets the items in their welcome and marks them read.',
  },
  mustReadFor: { fi: 'Pakollinen luettava: {title}', en: 'Must read: {title}' },
  version: { fi: 'versio {version}', en: 'version {version}' },
  reread: { fi: 'Pyydä lukemaan uudelleen', en: 'Ask to read again' },
  asked: { fi: 'Pyydetty {count} henkilöä lukemaan uudelleen.', en: 'Asked {count} people to read it again.' },
  noMembers: { fi: 'Kanavalla ei ole jäseniä.', en: 'The channel has no members.' },
  everyone: { fi: 'Kaikki', en: 'Everyone' },
  supervisor: { fi: 'Esimiehet', en: 'Supervisors' },
  regional_director: { fi: 'Aluejohtajat', en: 'Regional directors' },
  manager: { fi: 'Päälliköt', en: 'Managers' },
  sales_manager: { fi: 'Myyntipäälliköt', en: 'Sales managers' },
  key_account_director: { fi: 'Asiakkuusjohtajat', en: 'Key account directors' },
};
type Key = keyof typeof dict;

export interface PanelItem {
  id: string;
  title: string;
  section: string;
  hidden: boolean;
}

/**
 * The owner's onboarding view in the TOC tab: who has read their must-read items, and (for owners)
 * which items are must-read for which roles, with a re-read request per item.
 */
export function OnboardingPanel({ base, items, locale }: { base: string; items: PanelItem[]; locale: Locale }) {
  const tr = translator(dict, locale);
  const t = (key: Key, vars: Record<string, string | number> = {}) =>
    tr(key).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
  const view = useLoad(() => api.get<OnboardingView>(`${base}/onboarding`), [base]);
  const [error, setError] = useState<unknown>();
  const [note, setNote] = useState('');
  const v = view.data;
  if (!v) return <ErrorBar error={view.error} />;

  const rolesOf = new Map(v.mustRead.map((m) => [m.itemId, m]));
  const required = v.members.filter((m) => m.required > 0);
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setError(undefined);
      await view.reload();
    } catch (e) {
      setError(e);
    }
  };
  const setRoles = (itemId: string, roles: string[]) =>
    run(() => api.put(`${base}/onboarding/must-read/${encodeURIComponent(itemId)}`, { roles }));
  const roleLabel = (r: string) => (r in dict ? tr(r as Key) : r);

  return (
    <section aria-labelledby="onboarding-h" data-testid="onboarding-panel" className="no-print">
      <h2 className="toc-section" id="onboarding-h">
        {t('onboarding')}
      </h2>
      <ErrorBar error={error} />
      {note && (
        <Text role="status" block>
          {note}
        </Text>
      )}
      <Text block>{t('completedOf', { done: required.filter((m) => m.complete).length, total: required.length })}</Text>
      {v.members.length === 0 && <Text>{t('noMembers')}</Text>}
      <ul className="onboarding-list" aria-label={t('onboarding')}>
        {v.members.map((m) => (
          <li key={m.email} className="onboarding-member" data-member={m.email}>
            <span className="name">{m.name}</span>
            <Caption1>{m.roles.map(roleLabel).join(', ')}</Caption1>
            {m.required === 0 ? (
              <Badge appearance="outline" color="informative">
                {t('nothing')}
              </Badge>
            ) : (
              <>
                <Caption1>{t('read', { done: m.done, total: m.required })}</Caption1>
                <Badge color={m.complete ? 'success' : 'warning'}>{m.complete ? t('complete') : t('incomplete')}</Badge>
              </>
            )}
            {m.startedAt && (
              <Caption1>
                {t('since')} {formatDate(m.startedAt, locale)}
              </Caption1>
            )}
          </li>
        ))}
      </ul>
      {v.canWrite && (
        <details>
          <summary>{t('mustRead', { count: v.mustRead.length })}</summary>
          <Text block>{t('mustReadHelp')}</Text>
          {items
            .filter((i) => !i.hidden)
            .map((i) => {
              const rule = rolesOf.get(i.id);
              const chosen = new Set(rule?.roles ?? []);
              return (
                <div key={i.id} className="must-read-item" data-must-read={i.id}>
                  <Text weight="semibold">{i.title}</Text> <Caption1>{i.section}</Caption1>
                  {rule && <Caption1> · {t('version', { version: rule.version })}</Caption1>}
                  <fieldset className="must-read-roles">
                    <legend className="visually-hidden">{t('mustReadFor', { title: i.title })}</legend>
                    {v.roles.map((r) => (
                      <Checkbox
                        key={r}
                        label={roleLabel(r)}
                        checked={chosen.has(r)}
                        onChange={(_, d) => void setRoles(i.id, d.checked ? [...chosen, r] : [...chosen].filter((x) => x !== r))}
                      />
                    ))}
                  </fieldset>
                  {rule && (
                    <Button
                      size="small"
                      aria-label={`${t('reread')}: ${i.title}`}
                      onClick={() =>
                        void run(async () => {
                          const r = await api.post<{ asked: number }>(
                            `${base}/onboarding/must-read/${encodeURIComponent(i.id)}/reread`,
                            {},
                          );
                          setNote(t('asked', { count: r.asked }));
                        })
                      }
                    >
                      {t('reread')}
                    </Button>
                  )}
                </div>
              );
            })}
        </details>
      )}
    </section>
  );
}
