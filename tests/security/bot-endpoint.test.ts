/**
 * Issue 10 item 4 and the bot endpoint's weaker spots, through POST /api/messages with emulator
 * tokens: notice card actions authorised per notice; fixed 401/400 bodies; one rate-limited log line
 * per refusal without a stack; activities from another tenant refused.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging/logger';
import { composeNotice } from '../../src/messaging/notices';
import { startBed, engines, USERS, sendActivity, cardText, type Bed, type UserKey } from '../messaging/fixture';

const lines: string[] = [];
const memory = new Writable({
  write(chunk, _enc, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

describe.each(engines)('bot endpoint security on %s', (engine) => {
  let bed: Bed;
  let noticeId: string;
  let thread: string;
  beforeAll(async () => {
    bed = await startBed({ engine, app: { logger: createLogger({ level: 'debug', destination: memory }) } });
    const { notice } = await composeNotice(bed.app.messaging.deps, {
      author: { id: USERS.ownerA.id, name: USERS.ownerA.displayName },
      title: 'Vesivahinko',
      body: 'Tarkistakaa kellarit tänään.',
      targets: { accounts: ['100001'] },
    });
    noticeId = notice.id;
    thread = `${bed.channels.A};messageid=root-1`;
  });
  afterAll(async () => {
    await bed?.close();
  });

  const invoke = (from: UserKey, verb: string, id = noticeId) =>
    sendActivity(bed, {
      from,
      type: 'invoke',
      name: 'adaptiveCard/action',
      conversationId: thread,
      channelId: bed.channels.A,
      value: { action: { type: 'Action.Execute', verb, data: { noticeId: id } } },
    });

  describe('notice refresh and ack', () => {
    it.each([['outsider'], ['ownerB'], ['sup3']] as [UserKey][])(
      '%s (not concerned by the notice) gets the generic card and stores nothing',
      async (who) => {
        for (const verb of ['refresh', 'ack']) {
          const r = await invoke(who, verb);
          expect(r.status).toBe(200);
          const text = cardText(r.body.value);
          expect(text).not.toContain('Vesivahinko');
          expect(text).not.toContain('kellarit');
          expect(text).not.toMatch(/Sanna|Simo/);
          expect(text).toMatch(/not allowed/i);
        }
        expect(await bed.store.acknowledgements.listForNotice(noticeId)).toEqual([]);
      },
    );

    it('an unknown notice id gets the same generic card', async () => {
      const unknown = await invoke('outsider', 'refresh', 'no-such-notice');
      const known = await invoke('outsider', 'refresh');
      expect(unknown.body).toEqual(known.body);
    });

    it('recipients, the author, owners and directors get the notice; a recipient’s ack is stored', async () => {
      for (const who of ['sup1', 'rd', 'ownerA', 'director'] as UserKey[]) {
        const r = await invoke(who, 'refresh');
        expect([who, cardText(r.body.value)]).toEqual([who, expect.stringContaining('Vesivahinko')]);
      }
      const acked = await invoke('sup1', 'ack');
      expect(cardText(acked.body.value)).toMatch(/acknowledged/i);
      expect((await bed.store.acknowledgements.listForNotice(noticeId)).map((a) => a.userId)).toEqual([USERS.sup1.id]);
    });
  });

  describe('/api/messages refusals', () => {
    const post = async (body: string, headers: Record<string, string>) => {
      const res = await fetch(`${bed.app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      return { status: res.status, text: await res.text() };
    };
    const activity = () => ({
      type: 'message',
      id: 'x1',
      channelId: 'msteams',
      serviceUrl: bed.em.botServiceUrl,
      from: { id: `29:${USERS.sup1.id}`, aadObjectId: USERS.sup1.id },
      recipient: { id: '28:local-bot-id' },
      conversation: { id: bed.channels.A, conversationType: 'channel', tenantId: bed.em.tenantId },
      channelData: { tenant: { id: bed.em.tenantId }, channel: { id: bed.channels.A } },
      text: 'help',
    });
    const fixed401 = { error: { code: 'UNAUTHENTICATED', message: 'Sign-in is required.', messageFi: 'Kirjautuminen vaaditaan.' } };

    it('a missing, garbage, tampered or wrong-audience token is 401 with one fixed body', async () => {
      const good = await bed.em.issueChannelToken({ serviceUrl: bed.em.botServiceUrl });
      const tampered = good.slice(0, -6) + (good.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
      const other = await bed.em.issueChannelToken({ audience: 'another-bot', serviceUrl: bed.em.botServiceUrl });
      const body = JSON.stringify(activity());
      for (const headers of [
        {} as Record<string, string>,
        { authorization: 'Bearer abc.def' },
        { authorization: `Bearer ${tampered}` },
        { authorization: `Bearer ${other}` },
        { authorization: 'Basic dXNlcjpwYXNz' },
      ]) {
        const r = await post(body, headers);
        expect([r.status, JSON.parse(r.text)]).toEqual([401, fixed401]);
      }
    });

    it('a multipart body is 401 without a token and 415 with one, read by no parser and written nowhere', async () => {
      const fs = await import('node:fs');
      const os = await import('node:os');
      const uploads = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('upload_'));
      const before = new Set(uploads());
      const form = () => {
        const f = new FormData();
        f.append('f', new Blob([Buffer.alloc(2 * 1024 * 1024, 0x61)]), 'x.bin');
        return f;
      };
      const token = await bed.em.issueChannelToken({ serviceUrl: bed.em.botServiceUrl });
      expect((await fetch(`${bed.app.url}/api/messages`, { method: 'POST', body: form() })).status).toBe(401);
      expect(
        (await fetch(`${bed.app.url}/api/messages`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form() }))
          .status,
      ).toBe(415);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(uploads().filter((f) => !before.has(f))).toEqual([]);
    });

    it('a malformed activity or body is 400 (authenticated caller), never a 500 with library text', async () => {
      const token = await bed.em.issueChannelToken({ serviceUrl: bed.em.botServiceUrl });
      for (const body of ['{', '[]', '{}', JSON.stringify({ type: 'message' }), JSON.stringify({ ...activity(), serviceUrl: 42 })]) {
        const r = await post(body, { authorization: `Bearer ${token}` });
        expect([body, r.status]).toEqual([body, 400]);
        expect(r.text).not.toMatch(/Cannot read|trim|undefined/);
      }
    });

    it('logs one structured line per refusal, no stack, and at most 10 a minute per kind', async () => {
      lines.length = 0;
      for (let i = 0; i < 25; i++) expect((await post(JSON.stringify(activity()), { authorization: 'Bearer nonsense' })).status).toBe(401);
      const refused = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'bot request refused');
      expect(refused.length).toBeLessThanOrEqual(10);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]).toMatchObject({ refused: 'unauthenticated', status: 401 });
      expect(lines.join('\n')).not.toMatch(/\n\s+at |nonsense/);
    });

    it('an authenticated activity from another tenant is refused (403) and not acted on', async () => {
      const token = await bed.em.issueChannelToken({ serviceUrl: bed.em.botServiceUrl });
      const foreign = {
        ...activity(),
        conversation: { ...activity().conversation, tenantId: 'other-tenant' },
        channelData: { tenant: { id: 'other-tenant' }, channel: { id: bed.channels.A } },
      };
      const before = bed.em.state().conversations.flatMap((c) => c.activities).length;
      const r = await post(JSON.stringify(foreign), { authorization: `Bearer ${token}` });
      expect(r.status).toBe(403);
      expect(bed.em.state().conversations.flatMap((c) => c.activities).length).toBe(before);
      const ours = await post(JSON.stringify(activity()), { authorization: `Bearer ${token}` });
      expect(ours.status).toBe(200);
    });
  });
});
