import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Title2,
  Body1,
  teamsLightTheme,
  teamsDarkTheme,
  teamsHighContrastTheme,
} from '@fluentui/react-components';
import { connectToTeams, mark, notifyLoaded, onThemeChange, type Locale, type TeamsEnv, type ThemeName } from './teams';
import { common } from './i18n';

mark('script');

const THEMES = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

export interface TabEnv extends TeamsEnv {
  theme: ThemeName;
}

const EnvContext = createContext<TabEnv | null>(null);

export function useTabEnv(): TabEnv {
  const env = useContext(EnvContext);
  if (!env) throw new Error('useTabEnv outside TabShell');
  return env;
}

function browserLocale(): Locale {
  return (navigator.language ?? '').toLowerCase().startsWith('en') ? 'en' : 'fi';
}

function Shell({ children, initial }: { children: () => ReactNode; initial: TeamsEnv | null }) {
  const [env, setEnv] = useState<TabEnv | null>(initial);
  useEffect(() => {
    if (initial) onThemeChange((theme) => setEnv((cur) => (cur ? { ...cur, theme } : cur)));
  }, [initial]);

  if (env === null) {
    const l = browserLocale();
    const other: Locale = l === 'fi' ? 'en' : 'fi';
    return (
      <FluentProvider theme={teamsLightTheme} style={{ minHeight: '100vh' }}>
        <main className="tab-main">
          <Title2 as="h1">{common.openInTeams[l]}</Title2>
          <p>
            <Body1>{common.openInTeamsBody[l]}</Body1>
          </p>
          <p lang={other}>
            <Body1>
              {common.openInTeams[other]} {common.openInTeamsBody[other]}
            </Body1>
          </p>
        </main>
      </FluentProvider>
    );
  }
  return (
    <FluentProvider theme={THEMES[env.theme]} style={{ minHeight: '100vh' }} data-theme={env.theme}>
      <EnvContext.Provider value={env}>{children()}</EnvContext.Provider>
    </FluentProvider>
  );
}

export function mountTab(render: () => ReactNode): void {
  // The handshake with Teams (and the SSO token request after it) was started by boot.ts. Until it
  // answers, the HTML's own loading placeholder stays: React renders once, with the real theme and
  // locale, instead of first rendering a Fluent spinner and then the whole tree again (on a slow
  // device each Fluent render of the shell costs tens of ms that the token answer would wait behind).
  const root = createRoot(document.getElementById('root')!);
  void connectToTeams().then((e) => {
    mark('env');
    if (e) {
      document.documentElement.lang = e.locale;
      notifyLoaded();
    }
    root.render(<Shell initial={e}>{render}</Shell>);
  });
}

export function ErrorBar({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        {title && <MessageBarTitle>{title}</MessageBarTitle>}
        {message}
      </MessageBarBody>
    </MessageBar>
  );
}
