/*
 * A stand-in for the Teams client: loads a tab in an iframe and answers the teams-js v2
 * postMessage protocol (initialize, getContext, authentication.getAuthToken, pages.config),
 * the way the Teams web client does. The SSO token comes from the test (window.__ssoToken,
 * exposed by Playwright), so the tab API validates a real token from the emulator.
 */
(function () {
  const params = new URLSearchParams(location.search);
  const frame = document.getElementById('tab');
  const state = (window.__host = {
    theme: params.get('theme') || 'dark',
    locale: params.get('locale') || 'fi-fi',
    calls: [],
    config: null,
    validity: null,
  });

  const runtimeConfig = JSON.stringify({
    apiVersion: 4,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    isLegacyTeams: false,
    supports: {
      appInstallDialog: {},
      pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} },
      teamsCore: {},
      dialog: { url: {} },
    },
  });

  function context() {
    return {
      locale: state.locale,
      theme: state.theme,
      frameContext: params.get('frameContext') || 'content',
      hostClientType: 'web',
      userObjectId: params.get('oid') || '00000000-0000-0000-0000-000000000001',
      userPrincipalName: params.get('upn') || '',
      loginHint: params.get('upn') || '',
      tid: params.get('tid') || '00000000-0000-4000-8000-000000000001',
      teamId: params.get('teamId') || '19:team@thread.tacv2',
      channelId: params.get('channelId') || undefined,
      channelName: params.get('channelName') || undefined,
      entityId: params.get('entityId') || 'tab',
      appSessionId: 'test-session',
      hostName: 'Teams',
    };
  }

  function reply(source, origin, msg, args) {
    source.postMessage({ id: msg.id, uuidAsString: msg.uuidAsString, args }, origin);
  }

  window.addEventListener('message', async (e) => {
    if (e.source !== frame.contentWindow || !e.data || typeof e.data.func !== 'string') return;
    const msg = e.data;
    state.calls.push(msg.func);
    switch (msg.func) {
      case 'initialize':
        return reply(e.source, e.origin, msg, [params.get('frameContext') || 'content', 'web', runtimeConfig, '2.0.0']);
      case 'getContext':
        return reply(e.source, e.origin, msg, [context()]);
      case 'authentication.getAuthToken':
        try {
          // A token given in the URL (benchmarks) answers at once, as Teams does from its cache.
          return reply(e.source, e.origin, msg, [true, params.get('token') || (await window.__ssoToken())]);
        } catch (err) {
          return reply(e.source, e.origin, msg, [false, 'resourceRequiresConsent']);
        }
      case 'settings.setSettings':
        state.config = msg.args[0];
        return reply(e.source, e.origin, msg, [true]);
      case 'settings.setValidityState':
        state.validity = msg.args[0];
        return;
      case 'appInitialization.success':
      case 'appInitialization.appLoaded':
        return reply(e.source, e.origin, msg, []);
      case 'openLink':
      case 'executeDeepLink':
        state.openedLink = msg.args[0];
        return reply(e.source, e.origin, msg, [true]);
      default:
        return;
    }
  });

  /** Called by the test: Teams tells the tab the user switched theme. */
  window.__setTheme = (theme) => {
    state.theme = theme;
    frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, location.origin);
  };

  frame.src = params.get('tab');
})();
