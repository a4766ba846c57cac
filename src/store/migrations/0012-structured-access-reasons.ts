import { Kysely } from 'kysely';

/*
 * Access reasons get one structured shape (src/domain/access-reason.ts). Until now a reason was stored
 * as { kind: site | owner | co-owner | service | override, role?, note? } with the site's name and the
 * billing line only inside a sentence ("Pääkonttori (rivi 12)"). This rewrites the reasons of desired
 * memberships, of access notes still in the outbox and of sync-journal entries not yet recorded (their
 * access note and audit detail). Audit entries already written keep what they recorded.
 * Both directions are plain JSON rewrites, so the same code serves SQLite and PostgreSQL.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;
type Json = Record<string, unknown>;
type Convert = (reasons: unknown, siteName: (siteId: string) => string | undefined) => unknown[];

const SITE_NOTE = /^(.*?)\s*\(rivi (\d+)\)$/;
const OWNER_NOTE = /rivi (\d+)/;
const NEW_KINDS = new Set(['site', 'key_account_director', 'co_owner', 'service_account', 'override']);
const MEMBER_ACTIONS = new Set(['member-added', 'member-promoted', 'member-demoted']);

const snakeCase = (role: unknown) =>
  String(role ?? '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();

function isNewShape(r: Json): boolean {
  return r.kind === 'site' ? typeof r.siteName === 'string' && typeof r.line === 'number' : NEW_KINDS.has(String(r.kind));
}

/** One old reason in the new shape; an entry in no known shape is dropped (the old readers showed it as "other"). */
function upgradeOne(r: Json, siteName: (siteId: string) => string | undefined): Json[] {
  if (isNewShape(r)) return [r];
  switch (r.kind) {
    case 'site': {
      const siteId = String(r.siteId ?? '');
      const note = SITE_NOTE.exec(String(r.note ?? ''));
      // Line 0: the old row did not say (every note this app wrote did).
      return [
        {
          kind: 'site',
          siteId,
          siteName: note?.[1] || siteName(siteId) || siteId,
          role: snakeCase(r.role),
          line: note ? Number(note[2]) : 0,
        },
      ];
    }
    case 'owner': {
      const line = OWNER_NOTE.exec(String(r.note ?? ''));
      return [{ kind: 'key_account_director', ...(line ? { line: Number(line[1]) } : {}) }];
    }
    case 'co-owner':
      return [{ kind: 'co_owner', scope: r.note === 'account' ? 'account' : 'global' }];
    case 'service':
      return [{ kind: 'service_account' }];
    case 'override':
      return [{ kind: 'override' }];
    default:
      return [];
  }
}

/** One new reason in the old shape, as the code before this migration wrote it. */
function downgradeOne(r: Json): Json[] {
  switch (r.kind) {
    case 'site':
      return typeof r.siteName === 'string'
        ? [{ kind: 'site', siteId: r.siteId, role: r.role, note: `${r.siteName} (rivi ${String(r.line ?? 0)})` }]
        : [r];
    case 'key_account_director':
      return [{ kind: 'owner', role: 'key_account_director', ...(r.line === undefined ? {} : { note: `rivi ${String(r.line)}` }) }];
    case 'co_owner':
      return [{ kind: 'co-owner', note: r.scope }];
    case 'service_account':
      return [{ kind: 'service' }];
    default:
      return [r];
  }
}

const upgrade: Convert = (reasons, siteName) =>
  Array.isArray(reasons) ? reasons.flatMap((r: unknown) => (r && typeof r === 'object' ? upgradeOne(r as Json, siteName) : [])) : [];
const downgrade: Convert = (reasons) =>
  Array.isArray(reasons) ? reasons.flatMap((r: unknown) => (r && typeof r === 'object' ? downgradeOne(r as Json) : [])) : [];

function parse(text: unknown): unknown {
  try {
    return typeof text === 'string' ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** An access note's payload: one run's channels, or (older items) one channel. */
function convertAccessNote(
  payload: unknown,
  convert: Convert,
  siteName: (customerId: string, siteId: string) => string | undefined,
): unknown {
  if (!payload || typeof payload !== 'object') return payload;
  const channel = (c: Json) => ({ ...c, reasons: convert(c.reasons, (siteId) => siteName(String(c.customerId ?? ''), siteId)) });
  const p = payload as Json;
  if (Array.isArray(p.channels)) return { ...p, channels: p.channels.map((c: Json) => channel(c)) };
  return 'reasons' in p ? channel(p) : p;
}

/** The sync journal's effects: the access notes it would enqueue and the member audit entries it would write. */
function convertEffects(effects: unknown, convert: Convert, siteName: (customerId: string, siteId: string) => string | undefined): unknown {
  if (!effects || typeof effects !== 'object') return effects;
  const e = effects as Json;
  const outbox = Array.isArray(e.outbox)
    ? e.outbox.map((o: Json) => (o.kind === 'access-granted' ? { ...o, payload: convertAccessNote(o.payload, convert, siteName) } : o))
    : e.outbox;
  const audit = Array.isArray(e.audit)
    ? e.audit.map((a: Json) => {
        const detail = a.detail as Json | undefined;
        if (!MEMBER_ACTIONS.has(String(a.action)) || !detail || !('reasons' in detail)) return a;
        const customerId = String(a.customerId ?? '');
        return { ...a, detail: { ...detail, reasons: convert(detail.reasons, (siteId) => siteName(customerId, siteId)) } };
      })
    : e.audit;
  return { ...e, outbox, audit };
}

async function rewrite(db: Db, convert: Convert): Promise<void> {
  const sites = await db.selectFrom('sites').select(['customer_id', 'site_id', 'name']).execute();
  const names = new Map(sites.map((s) => [`${String(s.customer_id)}\u0000${String(s.site_id)}`, String(s.name)]));
  const siteName = (customerId: string, siteId: string) => names.get(`${customerId}\u0000${siteId}`);

  const desired = await db.selectFrom('desired_memberships').select(['customer_id', 'email', 'reasons_json']).execute();
  for (const row of desired) {
    const customerId = String(row.customer_id);
    const next = JSON.stringify(convert(parse(row.reasons_json), (siteId) => siteName(customerId, siteId)));
    if (next === row.reasons_json) continue;
    await db
      .updateTable('desired_memberships')
      .set({ reasons_json: next })
      .where('customer_id', '=', row.customer_id)
      .where('email', '=', row.email)
      .execute();
  }

  const notes = await db.selectFrom('outbox').select(['id', 'payload_json']).where('kind', '=', 'access-granted').execute();
  for (const row of notes) {
    const next = JSON.stringify(convertAccessNote(parse(row.payload_json), convert, siteName));
    if (next !== row.payload_json) await db.updateTable('outbox').set({ payload_json: next }).where('id', '=', row.id).execute();
  }

  const journal = await db.selectFrom('sync_journal').select(['id', 'effects_json']).execute();
  for (const row of journal) {
    const next = JSON.stringify(convertEffects(parse(row.effects_json), convert, siteName));
    if (next !== row.effects_json) await db.updateTable('sync_journal').set({ effects_json: next }).where('id', '=', row.id).execute();
  }
}

export async function up(db: Db): Promise<void> {
  await rewrite(db, upgrade);
}

export async function down(db: Db): Promise<void> {
  await rewrite(db, downgrade);
}
