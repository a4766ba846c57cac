import { Writable } from 'node:stream';
import { createLogger, scrubSecrets } from '../../src/logging/logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination: stream }) };
}

const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIiwiYXVkIjoiYXBpIn0.c2lnbmF0dXJlLXZhbHVl';

describe('logging', () => {
  it('redacts authorization headers, tokens and secrets in structured fields', () => {
    const { lines, logger } = capture();
    logger
      .child('http')
      .info({ headers: { authorization: `Bearer ${jwt}` }, token: jwt, client_secret: 'hunter2', password: 'pw', userId: 'u1' }, 'request');
    const out = lines.join('');
    expect(out).not.toContain(jwt);
    expect(out).not.toContain('hunter2');
    expect(out).not.toContain('"pw"');
    expect(out).toContain('u1');
    expect(out).toContain('"component":"http"');
  });

  it('masks bearer tokens and JWTs that end up in message text', () => {
    const { lines, logger } = capture();
    logger.warn(`upstream said no to Bearer ${jwt}`);
    logger.error({ status: 401 }, `token ${jwt} rejected`);
    const out = lines.join('');
    expect(out).not.toContain(jwt);
    expect(out).toContain('[REDACTED');
    expect(scrubSecrets('plain text stays')).toBe('plain text stays');
  });
});
