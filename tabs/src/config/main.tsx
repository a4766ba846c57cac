import { useEffect, useState } from 'react';
import { RadioGroup, Radio, Title2, Label } from '@fluentui/react-components';
import { pages } from '@microsoft/teams-js';
import { mountTab, useTabEnv } from '../shared/shell';
import { translator } from '../shared/i18n';

const TABS = [
  { page: 'annual-clock', fi: 'Vuosikello', en: 'Annual clock' },
  { page: 'quality-card', fi: 'Laatukortti', en: 'Quality card' },
  { page: 'toc', fi: 'Sisällysluettelo', en: 'Table of contents' },
] as const;

const dict = { title: { fi: 'Valitse välilehti', en: 'Choose a tab' } };

function ConfigPage() {
  const env = useTabEnv();
  const t = translator(dict, env.locale);
  const [choice, setChoice] = useState<string>('');

  useEffect(() => {
    // Throws when Teams did not open this page as a configuration page; the choice stays visible.
    try {
      pages.config.setValidityState(choice !== '');
    } catch {
      return;
    }
    if (!choice) return;
    const tab = TABS.find((x) => x.page === choice)!;
    pages.config.registerOnSaveHandler((save) => {
      // The tab finds its account from the channel it sits in.
      const url = `${window.location.origin}/tabs/${tab.page}.html`;
      pages.config
        .setConfig({
          entityId: `${tab.page}:${env.context.channel?.id ?? 'tab'}`,
          contentUrl: url,
          websiteUrl: url,
          suggestedDisplayName: tab[env.locale],
        })
        .then(() => save.notifySuccess())
        .catch((e: Error) => save.notifyFailure(e.message));
    });
  }, [choice, env]);

  return (
    <main className="tab-main">
      <Title2 as="h1" id="choose">
        {t('title')}
      </Title2>
      <RadioGroup aria-labelledby="choose" value={choice} onChange={(_, d) => setChoice(d.value)}>
        {TABS.map((x) => (
          <Radio key={x.page} value={x.page} label={<Label>{x[env.locale]}</Label>} />
        ))}
      </RadioGroup>
    </main>
  );
}

mountTab(() => <ConfigPage />);
