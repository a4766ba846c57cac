/*
 * The local Teams stand-in: a person, a language and a theme; the team's channels; each channel's
 * posts (the bot's cards, with working buttons and dialogs) and tabs (in a frame that answers the
 * teams-js v2 protocol as the Teams web client does, with the person's SSO token from the emulator);
 * a personal chat with the bot. Development and demo only: the app serves it against the emulator.
 */
(function () {
  'use strict';
  const T = {
    fi: {
      person: 'Henkilö',
      language: 'Kieli',
      theme: 'Teema',
      light: 'Vaalea',
      dark: 'Tumma',
      contrast: 'Suuri kontrasti',
      channels: 'Kanavat',
      chat: 'Keskustelu botin kanssa',
      posts: 'Viestit',
      send: 'Lähetä',
      write: 'Kirjoita botille, esim. ohje',
      empty: 'Ei viestejä vielä.',
      pick: 'Valitse kanava vasemmalta.',
      title: 'Paikallinen Teams',
      tabs: { 'annual-clock': 'Vuosikello', 'quality-card': 'Laatukortti', toc: 'Sisällysluettelo' },
      kinds: {
        keyAccountDirector: 'asiakkuusjohtaja',
        supervisor: 'esimies',
        regionalDirector: 'aluejohtaja',
        director: 'johtaja',
        admin: 'ylläpitäjä',
        outsider: 'ulkopuolinen',
      },
      bot: 'Account Channels',
      you: 'Sinä',
    },
    en: {
      person: 'Person',
      language: 'Language',
      theme: 'Theme',
      light: 'Light',
      dark: 'Dark',
      contrast: 'High contrast',
      channels: 'Channels',
      chat: 'Chat with the bot',
      posts: 'Posts',
      send: 'Send',
      write: 'Write to the bot, e.g. help',
      empty: 'No posts yet.',
      pick: 'Pick a channel on the left.',
      title: 'Local Teams',
      tabs: { 'annual-clock': 'Annual clock', 'quality-card': 'Quality card', toc: 'Contents' },
      kinds: {
        keyAccountDirector: 'key account director',
        supervisor: 'supervisor',
        regionalDirector: 'regional director',
        director: 'director',
        admin: 'admin',
        outsider: 'outsider',
      },
      bot: 'Account Channels',
      you: 'You',
    },
  };
  const TAB_PAGES = ['annual-clock', 'quality-card', 'toc'];
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const s = {
    people: [],
    person: null,
    lang: params.get('lang') || 'fi',
    theme: params.get('theme') || 'default',
    team: null,
    view: null,
    token: null,
    seq: 0,
  };
  window.__standin = s;

  const api = async (path, body) => {
    const r = await fetch(
      `/dev/api/${path}`,
      body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
    return r.json();
  };
  const t = () => T[s.lang];
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (v !== undefined && v !== null) e.setAttribute(k, v);
    }
    for (const k of kids) e.append(k);
    return e;
  };

  // ---- Bot Framework activities, as the Teams channel sends them ----
  function activity(conversationId, channelId, extra) {
    const p = s.person;
    const isChannel = !!channelId;
    return {
      id: `standin-${Date.now()}-${++s.seq}`,
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: s.team.serviceUrl,
      from: { id: `29:${p.objectId}`, name: p.name, aadObjectId: p.objectId },
      recipient: { id: `28:${s.team.botId}`, name: t().bot },
      conversation: {
        id: conversationId,
        conversationType: isChannel ? 'channel' : 'personal',
        tenantId: s.team.tenantId,
        isGroup: isChannel,
      },
      channelData: { tenant: { id: s.team.tenantId }, ...(isChannel ? { channel: { id: channelId }, team: { id: s.team.teamId } } : {}) },
      locale: s.lang === 'fi' ? 'fi-FI' : 'en-US',
      ...extra,
    };
  }
  const send = (a) => api('activity', a);
  const where = () => s.view;

  // ---- Adaptive Cards ----
  function hostConfig() {
    const dark = s.theme !== 'default';
    const fg = s.theme === 'contrast' ? '#FFFFFF' : dark ? '#F0F0F0' : '#242424';
    return new AdaptiveCards.HostConfig({
      fontFamily: 'Segoe UI, system-ui, sans-serif',
      containerStyles: {
        default: {
          backgroundColor: '#00000000',
          foregroundColors: {
            default: { default: fg, subtle: dark ? '#ADADAD' : '#616161' },
            accent: { default: s.theme === 'contrast' ? '#FFFF00' : dark ? '#7F85F5' : '#5B5FC7' },
            attention: { default: dark ? '#F1707B' : '#C4314B' },
            good: { default: dark ? '#92C353' : '#237B4B' },
            warning: { default: dark ? '#F8D22A' : '#835C00' },
          },
        },
        emphasis: { backgroundColor: dark ? '#1F1F1F' : '#F5F5F5', foregroundColors: { default: { default: fg } } },
      },
      actions: {
        actionsOrientation: 'horizontal',
        actionAlignment: 'left',
        buttonSpacing: 8,
        maxActions: 6,
        showCard: { actionMode: 'inline' },
      },
    });
  }
  const withoutMentions = (card) => JSON.parse(JSON.stringify(card).replace(/<at>(.*?)<\/at>/g, '$1'));
  // The little Markdown Teams renders in TextBlocks: **bold**, _italic_, [link](url); everything else escaped.
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    result.outputHtml = esc
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|\s)_(.+?)_(?=\s|$)/g, '$1<em>$2</em>')
      .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>')
      .replace(/\n/g, '<br>');
    result.didProcess = true;
  };

  function renderCard(card, onAction) {
    const ac = new AdaptiveCards.AdaptiveCard();
    ac.hostConfig = hostConfig();
    ac.onExecuteAction = onAction;
    ac.parse(withoutMentions(card));
    return ac.render();
  }

  /** A button on a card: Action.Execute → adaptiveCard/action; task/fetch → a dialog; Action.Submit → a message with a value. */
  function actionHandler(msg, rerender) {
    return async (action) => {
      const { conversationId, channelId } = where();
      const data = action.data || {};
      if (action instanceof AdaptiveCards.ExecuteAction) {
        const r = await send(
          activity(conversationId, channelId, {
            type: 'invoke',
            name: 'adaptiveCard/action',
            replyToId: msg.id,
            value: { action: { type: 'Action.Execute', verb: action.verb, data }, trigger: 'manual' },
          }),
        );
        if (r.body && r.body.value && r.body.type === 'application/vnd.microsoft.card.adaptive') rerender(r.body.value);
      } else if (data.msteams && data.msteams.type === 'task/fetch') {
        const { msteams: _msteams, ...rest } = data;
        await openTask({ ...rest }, msg);
      } else if (action instanceof AdaptiveCards.SubmitAction) {
        await send(activity(conversationId, channelId, { type: 'message', replyToId: msg.id, value: data }));
      } else if (action instanceof AdaptiveCards.OpenUrlAction) {
        window.open(action.url, '_blank', 'noopener');
      }
      setTimeout(refreshPosts, 300);
    };
  }

  async function openTask(data, msg) {
    const { conversationId, channelId } = where();
    const r = await send(
      activity(conversationId, channelId, {
        type: 'invoke',
        name: 'task/fetch',
        replyToId: msg && msg.id,
        value: { data, context: { theme: s.theme } },
      }),
    );
    showTask(r.body && r.body.task, msg);
  }

  function showTask(task, msg) {
    const dlg = $('dialog');
    if (!task || task.type !== 'continue') {
      if (dlg.open) dlg.close();
      return;
    }
    const v = task.value || {};
    $('dialog-title').textContent = v.title || '';
    const body = $('dialog-body');
    body.replaceChildren();
    if (v.card) {
      body.append(
        renderCard(v.card.content || v.card, async (action) => {
          const { conversationId, channelId } = where();
          const r = await send(
            activity(conversationId, channelId, {
              type: 'invoke',
              name: 'task/submit',
              replyToId: msg && msg.id,
              value: { data: action.data || {}, context: { theme: s.theme } },
            }),
          );
          showTask(r.body && r.body.task, msg);
          setTimeout(refreshPosts, 300);
        }),
      );
    } else if (v.url) {
      const f = el('iframe', { src: v.url, style: 'width:100%;height:60vh;border:0' });
      body.append(f);
      hostFrame(f, 'task');
    }
    if (!dlg.open) dlg.showModal();
  }

  // ---- Posts ----
  async function refreshPosts() {
    const v = where();
    if (!v || v.kind !== 'posts') return;
    const list = await api(`messages?conversation=${encodeURIComponent(v.conversationId)}`);
    const box = document.querySelector('.posts');
    if (!box) return;
    box.replaceChildren();
    if (list.length === 0) box.append(el('div', { class: 'empty' }, t().empty));
    for (const m of list) {
      const a = m.activity;
      const post = el(
        'article',
        { class: 'post', 'data-id': m.id },
        el(
          'div',
          { class: 'who' },
          `${(a.from && a.from.name) || t().bot} · ${new Date(a.timestamp).toLocaleString(s.lang === 'fi' ? 'fi-FI' : 'en-GB')}`,
        ),
      );
      if (a.text) post.append(el('div', {}, a.text.replace(/<[^>]+>/g, '')));
      for (const att of a.attachments || []) {
        if (att.contentType !== 'application/vnd.microsoft.card.adaptive') continue;
        const slot = el('div', { class: 'card' });
        const msg = { id: m.id };
        const draw = (card) => slot.replaceChildren(renderCard(card, actionHandler(msg, draw)));
        draw(att.content);
        post.append(slot);
        // Teams asks the bot for this person's view of a card that names them in refresh.userIds.
        const ref = att.content.refresh;
        if (
          ref &&
          ref.action &&
          (!ref.userIds || ref.userIds.includes(s.person.objectId) || ref.userIds.includes(`8:orgid:${s.person.objectId}`))
        ) {
          send(
            activity(v.conversationId, v.channelId, {
              type: 'invoke',
              name: 'adaptiveCard/action',
              replyToId: m.id,
              value: { action: { type: 'Action.Execute', verb: ref.action.verb, data: ref.action.data || {} }, trigger: 'automatic' },
            }),
          ).then((r) => r.body && r.body.value && r.body.type === 'application/vnd.microsoft.card.adaptive' && draw(r.body.value));
        }
      }
      box.append(post);
    }
  }

  function showPosts() {
    const v = where();
    const input = el('input', { type: 'text', 'aria-label': t().write, placeholder: t().write });
    const form = el(
      'form',
      {
        class: 'compose',
        onsubmit: async (e) => {
          e.preventDefault();
          const text = input.value.trim();
          if (!text) return;
          input.value = '';
          const extra = v.channelId
            ? {
                text: `<at>${t().bot}</at> ${text}`,
                entities: [{ type: 'mention', text: `<at>${t().bot}</at>`, mentioned: { id: `28:${s.team.botId}`, name: t().bot } }],
              }
            : { text };
          await send(activity(v.conversationId, v.channelId, { type: 'message', ...extra }));
          setTimeout(refreshPosts, 300);
        },
      },
      input,
      el('button', { type: 'submit' }, t().send),
    );
    return [el('div', { class: 'posts', 'aria-live': 'polite' }), form];
  }

  // ---- Tabs: the teams-js v2 host protocol ----
  function hostFrame(frame, frameContext) {
    const v = where();
    const runtimeConfig = JSON.stringify({
      apiVersion: 4,
      hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
      isLegacyTeams: false,
      supports: {
        appInstallDialog: {},
        pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} },
        teamsCore: {},
        dialog: { url: {}, card: {} },
      },
    });
    const context = () => ({
      locale: s.lang === 'fi' ? 'fi-fi' : 'en-us',
      theme: s.theme,
      frameContext,
      hostClientType: 'web',
      hostName: 'Teams',
      appSessionId: 'standin',
      userObjectId: s.person.objectId,
      userPrincipalName: s.person.email,
      loginHint: s.person.email,
      tid: s.team.tenantId,
      teamId: s.team.teamId,
      channelId: v && v.channelId,
      channelName: v && v.channelName,
      entityId: v && v.tab,
    });
    const onMessage = async (e) => {
      if (e.source !== frame.contentWindow || !e.data || typeof e.data.func !== 'string') return;
      const msg = e.data;
      const reply = (args) => e.source.postMessage({ id: msg.id, uuidAsString: msg.uuidAsString, args }, e.origin);
      switch (msg.func) {
        case 'initialize':
          return reply([frameContext, 'web', runtimeConfig, '2.0.0']);
        case 'getContext':
          return reply([context()]);
        case 'authentication.getAuthToken':
          return reply(s.token ? [true, s.token] : [false, 'resourceRequiresConsent']);
        case 'appInitialization.success':
        case 'appInitialization.appLoaded':
          return reply([]);
        case 'openLink':
        case 'executeDeepLink':
          window.open(msg.args[0], '_blank', 'noopener');
          return reply([true]);
        default:
          return undefined;
      }
    };
    window.addEventListener('message', onMessage);
    frame.__unhost = () => window.removeEventListener('message', onMessage);
  }

  // ---- Navigation ----
  function render() {
    document.body.dataset.theme = s.theme;
    document.documentElement.lang = s.lang;
    for (const n of document.querySelectorAll('[data-t]')) n.textContent = t()[n.dataset.t];
    $('title').textContent = t().title;
    const nav = $('nav');
    nav.replaceChildren();
    if (!s.team) return;
    const item = (label, view, current) => el('button', { 'aria-current': current ? 'true' : 'false', onclick: () => open(view) }, label);
    const v = where();
    nav.append(item(t().chat, { kind: 'chat' }, v && v.kind === 'chat'));
    nav.append(el('h2', {}, t().channels));
    for (const c of s.team.channels) nav.append(item(c.name, { kind: 'channel', channel: c }, v && v.channelId === c.id));
    const main = $('main');
    for (const f of main.querySelectorAll('iframe')) if (f.__unhost) f.__unhost();
    main.replaceChildren();
    if (!v) return main.append(el('div', { class: 'empty' }, t().pick));
    if (v.channelId) {
      const c = s.team.channels.find((x) => x.id === v.channelId);
      const tabs = el('div', { class: 'tabs', role: 'tablist' });
      const tab = (label, key) =>
        el(
          'button',
          {
            role: 'tab',
            'aria-selected': v.tab === key ? 'true' : 'false',
            onclick: () => {
              v.tab = key;
              v.kind = key === 'posts' ? 'posts' : 'tab';
              render();
            },
          },
          label,
        );
      tabs.append(tab(t().posts, 'posts'));
      if (c.customerId) for (const p of TAB_PAGES) tabs.append(tab(t().tabs[p], p));
      main.append(tabs);
      if (v.kind === 'tab') {
        const frame = el('iframe', { id: 'tab', title: t().tabs[v.tab] });
        hostFrame(frame, 'content');
        frame.src = `/tabs/${v.tab}.html?account=${encodeURIComponent(c.customerId)}`;
        main.append(frame);
        return;
      }
    }
    main.append(...showPosts());
    refreshPosts();
  }

  async function open(view) {
    if (view.kind === 'chat') {
      const { id } = await api('personal-chat', { user: s.person.objectId });
      s.view = { kind: 'posts', chat: true, conversationId: id, channelId: undefined, tab: 'posts' };
    } else {
      s.view = { kind: 'posts', conversationId: view.channel.id, channelId: view.channel.id, channelName: view.channel.name, tab: 'posts' };
    }
    render();
  }
  window.__open = open;

  async function choosePerson(email) {
    s.person = s.people.find((p) => p.email === email);
    s.token = (await api('token', { user: s.person.email })).token;
    s.view = s.view && s.view.kind === 'chat' ? null : s.view;
    render();
  }

  async function main() {
    const [people, team] = await Promise.all([api('people'), api('channels')]);
    s.people = people;
    s.team = team;
    const sel = $('person');
    for (const p of people) sel.append(el('option', { value: p.email }, `${p.name} (${T[s.lang].kinds[p.kind]})`));
    sel.addEventListener('change', () => choosePerson(sel.value));
    $('lang').value = s.lang;
    $('lang').addEventListener('change', (e) => {
      s.lang = e.target.value;
      for (const [i, p] of people.entries()) sel.options[i].textContent = `${p.name} (${t().kinds[p.kind]})`;
      render();
    });
    $('theme').value = s.theme;
    $('theme').addEventListener('change', (e) => {
      s.theme = e.target.value;
      render();
    });
    const wanted = people.find((p) => p.kind === params.get('as')) || people[0];
    if (wanted) {
      sel.value = wanted.email;
      await choosePerson(wanted.email);
    }
    document.body.dataset.ready = 'true';
  }
  main();
})();
