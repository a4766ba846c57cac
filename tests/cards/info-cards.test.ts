import { AppError } from '../../src/errors/app-error';
import {
  accessGrantedCard,
  COMMAND_SYNONYMS,
  COMMAND_WORDS,
  errorCard,
  feedbackReceivedCard,
  helpCard,
  refusalCard,
  resolveLocale,
  toAttachment,
  welcomeCard,
  whyAccessCard,
} from '../../src/cards';
import { allText, findActions } from './render-helpers';
import { parseCommand } from '../../src/conversation/command-words';
import { validateCard } from '../../src/cards/validate-card';

describe('help card', () => {
  it.each(['fi', 'en'] as const)('lists every command word in %s', (locale) => {
    const text = allText(helpCard(locale).body);
    for (const word of Object.values(COMMAND_WORDS[locale])) expect(text).toContain(word);
  });
  it('lists every Finnish and English word of each command, and the bot answers each listed word with that command', () => {
    const card = helpCard('fi');
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    const blocks = allText(card.body);
    expect(blocks).toContain('Myös: apua, apu, ohjeet, komennot · Englanniksi: help, commands, ?');
    expect(blocks).toContain('Myös: jasenet, jäsen · Englanniksi: members');
    expect(allText(helpCard('en').body)).toContain('Also: commands, ? · In Finnish: ohje, apua, apu, ohjeet, komennot');
    for (const [key, words] of Object.entries(COMMAND_SYNONYMS))
      for (const w of [...words.fi, ...words.en]) {
        expect(blocks).toContain(w);
        expect([w, parseCommand(`${w} jotain`)?.key]).toEqual([w, key]);
      }
  });
  it('hides the admin sync command from non-admins', () => {
    expect(allText(helpCard('fi', { isAdmin: false }).body)).not.toContain('synkronoi');
  });
});

describe('welcome card', () => {
  const card = welcomeCard(
    {
      accountName: 'Etelä Koulut Oyj',
      owner: { id: 'o', name: 'Johanna Lahtinen' },
      tabs: [
        { title: 'Vuosikello', url: 'https://app.example/clock' },
        { title: 'Paha', url: 'javascript:alert(1)' },
      ],
    },
    'fi',
  );
  it('explains the purpose and the @mention etiquette', () => {
    const text = allText(card.body);
    expect(text).toContain('Etelä Koulut Oyj');
    expect(text).toMatch(/Ei @mainintaa.*nopeaa reaktiota ei odoteta/);
    expect(text).toMatch(/@maininta: reagoi kuten sähköpostiin/);
    expect(text).toMatch(/Kiireellinen tiedote: lue ja kuittaa heti/);
  });
  it('links only to http(s) tabs', () => {
    expect(findActions(card)).toEqual([{ type: 'Action.OpenUrl', title: 'Vuosikello', url: 'https://app.example/clock' }]);
  });
});

describe('access cards', () => {
  it('tells a new member which account and why', () => {
    const text = allText(
      accessGrantedCard(
        { accountName: 'Itä Kiinteistöt Ky', reason: { kind: 'site', role: 'supervisor', siteId: 'E1', siteName: 'Itä Espoo 1', line: 2 } },
        'en',
      ).body,
    );
    expect(text).toContain('You now have access to the Itä Kiinteistöt Ky channel');
    expect(text).toContain('supervisor of site Itä Espoo 1');
  });
  it('answers "why do I have access" with every reason, or says there is none', () => {
    const text = allText(
      whyAccessCard(
        {
          accountName: 'A',
          reasons: [
            { kind: 'site', role: 'supervisor', siteId: '1', siteName: 'S1', line: 2 },
            { kind: 'site', role: 'regional_director', siteId: '2', siteName: 'S2', line: 3 },
            { kind: 'override' },
          ],
        },
        'fi',
      ).body,
    );
    expect(text).toContain('• esimies, kohde S1');
    expect(text).toContain('• aluejohtaja, kohde S2');
    expect(text).toContain('• lisätty käsin');
    expect(allText(whyAccessCard({ accountName: 'A', reasons: [] }, 'en').body)).toContain('You have no billing-based access');
  });
});

describe('feedback, refusal and error cards', () => {
  it('delivers feedback to the owner with sender and text, and thanks the sender', () => {
    const owner = allText(
      feedbackReceivedCard(
        { accountName: 'A', from: { id: 'u', name: 'Henna Lahtinen' }, text: 'Avaimet puuttuvat', receivedAt: '2026-11-24T10:00:00Z' },
        'owner',
        'fi',
      ).body,
    );
    expect(owner).toContain('Lähettäjä Henna Lahtinen, 24.11.2026 klo 12.00');
    expect(owner).toContain('Avaimet puuttuvat');
    const sender = allText(
      feedbackReceivedCard(
        { accountName: 'A', from: { id: 'u', name: 'H' }, text: 'Avaimet puuttuvat', receivedAt: '2026-11-24T10:00:00Z' },
        'sender',
        'en',
      ).body,
    );
    expect(sender).toContain('Thank you');
    expect(sender).not.toContain('Avaimet puuttuvat');
  });

  it('refuses politely without internals', () => {
    const text = allText(refusalCard('sync', 'en').body);
    expect(text).toContain('Only admins can start a sync.');
  });

  it('shows only the user-safe message and the correlation id, never the internal message', () => {
    const err = new AppError('UPSTREAM', 'Graph 503 at https://graph.local/teams/abc token=eyJ0', { details: { secret: 's3cr3t' } });
    const json = JSON.stringify(errorCard({ error: err, correlationId: 'corr-123' }, 'fi'));
    expect(json).toContain(err.userMessage('fi'));
    expect(json).toContain('corr-123');
    expect(json).not.toContain('503');
    expect(json).not.toContain('eyJ0');
    expect(json).not.toContain('s3cr3t');
    expect(JSON.stringify(errorCard({ error: new Error('db password wrong') }, 'en'))).not.toContain('password');
  });
});

it('resolveLocale uses the Teams locale when it is fi or en, else the tenant default', () => {
  expect(resolveLocale('fi-FI', 'en')).toBe('fi');
  expect(resolveLocale('en-US', 'fi')).toBe('en');
  expect(resolveLocale('sv-SE', 'fi')).toBe('fi');
  expect(resolveLocale(undefined, 'en')).toBe('en');
});

it('toAttachment wraps a card with the Adaptive Card content type', () => {
  const card = refusalCard('generic', 'fi');
  expect(toAttachment(card)).toEqual({ contentType: 'application/vnd.microsoft.card.adaptive', content: card });
});
