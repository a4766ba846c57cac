import { validateCard } from '../../src/cards/validate-card';
import { silentLogger } from '../../src/logging/logger';
import { noticeCli } from '../../src/cli/notice';
import { startBed, USERS, channelPosts, cardOf, type Bed } from './fixture';

function capture() {
  let text = '';
  return {
    write: (s: string) => (text += s),
    get text() {
      return text;
    },
  };
}

describe('npm run notice', () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed();
  });
  afterAll(async () => {
    await bed.close();
  });
  const run = async (args: string[]) => {
    const out = capture();
    const err = capture();
    const code = await noticeCli(args, { env: bed.env, stdout: out, stderr: err, clock: bed.clock, logger: silentLogger });
    return { code, out: out.text, err: err.text };
  };

  it('rejects bad input with exit code 2', async () => {
    expect((await run(['--title', 'T', '--body', 'B'])).code).toBe(2);
    expect((await run(['--all', '--account', '100001', '--title', 'T', '--body', 'B'])).code).toBe(2);
    expect((await run(['--account', '100001', '--title', 'T'])).code).toBe(2);
    const unknown = await run(['--account', '999999', '--title', 'T', '--body', 'B']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('999999');
    expect((await run(['--bogus'])).code).toBe(2);
  });

  it('--dry-run --json prints the activities and sends nothing', async () => {
    const r = await run(['--all', '--title', 'Test', '--body', 'Body', '--mention', 'all', '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.accounts).toHaveLength(2);
    const a = json.accounts.find((x: any) => x.customerId === '100001');
    const card = a.activity.attachments[0].content;
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    expect(card.msteams.entities.map((e: any) => e.mentioned.id).sort()).toEqual(
      [USERS.ownerA.id, USERS.sup1.id, USERS.sup2.id, USERS.rd.id].sort(),
    );
    expect(channelPosts(bed, bed.channels.A)).toHaveLength(0);
    expect(await bed.store.notices.listActive()).toHaveLength(0);
  });

  it('sends as the service identity, mentioning the chosen role, and reports delivery per channel', async () => {
    const r = await run([
      '--account',
      '100001',
      '--title',
      'Audit tomorrow',
      '--body',
      'Be ready.',
      '--mention',
      'regionalDirector',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.accounts).toEqual([expect.objectContaining({ customerId: '100001', status: 'sent' })]);
    const posts = channelPosts(bed, bed.channels.A);
    expect(posts).toHaveLength(1);
    expect(cardOf(posts[0]!)!.msteams!.entities!.map((e) => e.mentioned.id)).toEqual([USERS.rd.id]);
    const notice = (await bed.store.notices.listActive())[0]!;
    expect(notice.authorId).toBe(USERS.admin.id);
  });
});
