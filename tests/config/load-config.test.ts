import { loadConfig } from '../../src/config/load-config';
import { AppError } from '../../src/errors/app-error';

const minimal = {
  AAD_APP_TENANT_ID: 'tenant',
  AAD_APP_CLIENT_ID: 'client',
  SECRET_AAD_APP_CLIENT_SECRET: 's3cret-value',
  TEAM_ID: 'team',
  TEAMS_APP_ID: 'app',
  PUBLIC_BASE_URL: 'https://accounts.example.fi',
};

function errorOf(env: Record<string, string | undefined>): AppError {
  try {
    loadConfig(env);
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(minimal);
    expect(c.PORT).toBe(3978);
    expect(c.DATA_DIR).toBe('./.data');
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.GRAPH_BASE_URL).toBe('https://graph.microsoft.com/v1.0');
    expect(c.AZURE_AUTHORITY_HOST).toBe('https://login.microsoftonline.com');
    expect(c.BOT_SERVICE_URL).toBe('https://smba.trafficmanager.net/teams/');
    expect(c.CHANNEL_TYPE).toBe('private');
    expect(c.APP_TIMEZONE).toBe('Europe/Helsinki');
    expect(c.APP_LOCALE).toBe('fi');
    expect(c.LOG_LEVEL).toBe('info');
  });

  it('is frozen so nothing can change it after start-up', () => {
    const c = loadConfig(minimal) as { PORT: number };
    expect(Object.isFrozen(c)).toBe(true);
    expect(() => {
      'use strict';
      c.PORT = 1;
    }).toThrow();
  });

  it('names every missing required key in one error', () => {
    const e = errorOf({});
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('CONFIG_INVALID');
    for (const key of [
      'AAD_APP_TENANT_ID',
      'AAD_APP_CLIENT_ID',
      'SECRET_AAD_APP_CLIENT_SECRET',
      'TEAM_ID',
      'TEAMS_APP_ID',
      'PUBLIC_BASE_URL',
    ]) {
      expect(e.message).toContain(key);
    }
    expect(e.details?.keys).toHaveLength(6);
  });

  describe('tabs need an https PUBLIC_BASE_URL (Graph refuses a tab without an https content URL)', () => {
    const { PUBLIC_BASE_URL: _unset, ...withoutUrl } = minimal;

    it('refuses start-up without it, naming the key and the way out', () => {
      const e = errorOf(withoutUrl);
      expect(e.details?.keys).toEqual(['PUBLIC_BASE_URL']);
      expect(e.message).toMatch(/PUBLIC_BASE_URL: is required while tabs are on.*TABS_ENABLED=false/);
    });

    it('refuses an http address (or any other scheme)', () => {
      for (const url of ['http://accounts.example.fi', 'ftp://accounts.example.fi']) {
        const e = errorOf({ ...minimal, PUBLIC_BASE_URL: url });
        expect(e.details?.keys).toEqual(['PUBLIC_BASE_URL']);
        expect(e.message).toMatch(/PUBLIC_BASE_URL: .*https/);
      }
    });

    it('starts without it when tabs are explicitly off', () => {
      const c = loadConfig({ ...withoutUrl, TABS_ENABLED: 'false' });
      expect(c.TABS_ENABLED).toBe(false);
      expect(c.PUBLIC_BASE_URL).toBeUndefined();
      expect(loadConfig(minimal).TABS_ENABLED).toBe(true);
    });
  });

  it('names every bad value at once and does not echo secrets', () => {
    const e = errorOf({
      ...minimal,
      PORT: 'eighty',
      CHANNEL_TYPE: 'standard',
      APP_TIMEZONE: 'Mars/Olympus',
      DATABASE_URL: 'mysql://x',
      GRAPH_BASE_URL: 'not a url',
      BOT_ID: 'bot-without-password',
    });
    const keys = e.details?.keys as string[];
    expect(keys.sort()).toEqual(['APP_TIMEZONE', 'CHANNEL_TYPE', 'DATABASE_URL', 'GRAPH_BASE_URL', 'PORT', 'SECRET_BOT_PASSWORD'].sort());
    expect(e.message).not.toContain('s3cret-value');
  });

  it('accepts a PostgreSQL URL and shared channels', () => {
    const c = loadConfig({ ...minimal, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', CHANNEL_TYPE: 'shared', PORT: '0' });
    expect(c.DATABASE_URL).toMatch(/^postgres:/);
    expect(c.CHANNEL_TYPE).toBe('shared');
    expect(c.PORT).toBe(0);
  });

  it('treats blank values in env files as unset', () => {
    const c = loadConfig({ ...minimal, DATABASE_URL: '', PORT: '', BOT_ID: '' });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.PORT).toBe(3978);
    expect(c.BOT_ID).toBeUndefined();
  });
});
