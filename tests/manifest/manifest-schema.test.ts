import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fillPlaceholders, loadEnv, validateLocalization, validateManifest } from '../../manifest/build-package';

const ROOT = path.resolve(__dirname, '../..');
const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');

// Ids that `teamsapp provision` writes into env/.env.dev; stand-ins for the test.
const PROVISIONED = {
  TEAMS_APP_ID: '11111111-2222-4333-8444-555555555555',
  BOT_ID: '22222222-3333-4444-8555-666666666666',
  AAD_APP_CLIENT_ID: '33333333-4444-4555-8666-777777777777',
};

function filled(rel: string): Record<string, any> {
  const { vars } = loadEnv('dev');
  return JSON.parse(fillPlaceholders(read(rel), { ...vars, ...PROVISIONED })) as Record<string, any>;
}

describe('Teams app manifest (v1.25)', () => {
  const manifest = filled('manifest/manifest.json');
  const english = filled('manifest/en-us.json');

  it('is valid against the official v1.25 schema when filled from env/.env.dev', () => {
    expect(manifest.manifestVersion).toBe('1.25');
    expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.25/MicrosoftTeams.schema.json');
    expect(validateManifest(manifest)).toEqual([]);
  });

  it('is also accepted by @microsoft/app-manifest, which resolves $schema to its bundled copy offline', () => {
    // In a plain node child: the package requires an ES module (strip-bom) that jest cannot load.
    const script = `require('@microsoft/app-manifest').AppManifestUtils
      .validateAgainstSchema(JSON.parse(require('fs').readFileSync(0, 'utf8')))
      .then((errors) => process.stdout.write(JSON.stringify(errors)), (e) => { console.error(e.message); process.exit(1); });`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, input: JSON.stringify(manifest), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([]);
  });

  it('has an English localization file valid against the localization schema', () => {
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'fi-fi',
      additionalLanguages: [{ languageTag: 'en-us', file: 'en-us.json' }],
    });
    expect(validateLocalization(english)).toEqual([]);
  });

  it('rejects manifests with bad fields, naming where', () => {
    const badScope = structuredClone(manifest);
    badScope.bots[0].scopes = ['team', 'everyone'];
    expect(validateManifest(badScope).join('\n')).toContain('/bots/0/scopes/1');

    const badTier = { ...structuredClone(manifest), supportsChannelFeatures: 'tier2' };
    expect(validateManifest(badTier).join('\n')).toContain('/supportsChannelFeatures');

    const twoConfigurableTabs = structuredClone(manifest);
    twoConfigurableTabs.configurableTabs.push(structuredClone(twoConfigurableTabs.configurableTabs[0]));
    expect(validateManifest(twoConfigurableTabs).join('\n')).toContain('/configurableTabs');

    const unfilledId = { ...structuredClone(manifest), id: '${{TEAMS_APP_ID}}' };
    expect(validateManifest(unfilledId).join('\n')).toContain('/id');
  });

  it('rejects a localization key that the schema does not know', () => {
    expect(validateLocalization({ ...english, 'bots[0].commandLists[3].commands[0].title': 'x' })).not.toEqual([]);
  });

  it('declares the bot, tabs, channel support and SSO the product needs', () => {
    const bot = manifest.bots[0];
    expect(bot.botId).toBe(PROVISIONED.BOT_ID);
    expect(bot.scopes).toEqual(expect.arrayContaining(['team', 'personal']));
    expect(bot.supportsFiles).toBe(false);
    const titles = (scope: string) =>
      bot.commandLists.find((l: { scopes: string[] }) => l.scopes.includes(scope)).commands.map((c: { title: string }) => c.title);
    const common = ['ohje', 'tila', 'tiedote', 'synkronoi', 'jäsenet', 'palaute'];
    expect(titles('team')).toEqual(common);
    // The digest is a personal setting: offered in the personal chat only.
    expect(titles('personal')).toEqual([...common, 'kooste']);
    const host = loadEnv('dev').vars.TAB_DOMAIN!;
    expect(manifest.configurableTabs).toEqual([
      expect.objectContaining({ configurationUrl: `https://${host}/tabs/config.html`, scopes: ['team'], canUpdateConfiguration: true }),
    ]);
    expect(manifest.staticTabs[0]).toMatchObject({
      name: 'Asiakkuudet A–Ö',
      contentUrl: `https://${host}/tabs/accounts.html`,
      scopes: ['personal'],
    });
    expect(manifest.staticTabs.map((t: { entityId: string }) => t.entityId)).toContain('about');
    expect(manifest.supportsChannelFeatures).toBe('tier1');
    expect(manifest.validDomains).toEqual([host]);
    expect(manifest.webApplicationInfo).toEqual({
      id: PROVISIONED.AAD_APP_CLIENT_ID,
      resource: `api://${host}/botid-${PROVISIONED.BOT_ID}`,
    });
  });

  it('localizes only things that exist in the manifest, and every bot command in English', () => {
    const lookup = (key: string): unknown =>
      key
        .split(/\.|\[(\d+)\]/)
        .filter((p) => p !== undefined && p !== '')
        .reduce<any>((node, part) => node?.[part], manifest);
    const keys = Object.keys(english).filter((k) => k !== '$schema');
    for (const key of keys) expect([key, lookup(key)]).toEqual([key, expect.anything()]);

    const commandKeys = manifest.bots[0].commandLists.flatMap((list: { commands: unknown[] }, l: number) =>
      list.commands.flatMap((_c, c) => [
        `bots[0].commandLists[${l}].commands[${c}].title`,
        `bots[0].commandLists[${l}].commands[${c}].description`,
      ]),
    );
    expect(keys).toEqual(expect.arrayContaining(commandKeys));
    expect(english['bots[0].commandLists[0].commands[0].title']).toBe('help');
    expect(english['staticTabs[0].name']).toBe('Accounts A–Z');
  });
});
