import crypto from 'node:crypto';
import { badRequest, EmulatorHttpError } from '../errors';
import { newGuid } from '../ids';
import type { ChannelRecord, DriveItemRecord, TeamRecord } from '../types';
import { ok, page, type GraphCtx, type GraphHandler } from './context';
import { PAGE_RULES } from './page-sizes';

/** Private and shared channels get their own SharePoint site, so their own drive. */
function driveIdFor(team: TeamRecord, c: ChannelRecord): string {
  if (c.membershipType === 'standard') return team.driveId;
  return `b!${crypto.createHash('sha256').update(c.id).digest('base64url').slice(0, 40)}`;
}

function itemJson(ctx: GraphCtx, it: DriveItemRecord) {
  const childCount = [...ctx.store.driveItems.values()].filter((x) => x.parentId === it.id).length;
  return {
    id: it.id,
    name: it.name,
    createdDateTime: it.createdDateTime,
    lastModifiedDateTime: it.createdDateTime,
    webUrl: `https://contoso.sharepoint.com/sites/emulator/${encodeURIComponent(it.name)}`,
    size: 0,
    parentReference: { driveId: it.driveId, driveType: 'documentLibrary', ...(it.parentId ? { id: it.parentId } : {}) },
    ...(it.isFolder ? { folder: { childCount } } : { file: {} }),
  };
}

function item(ctx: GraphCtx, driveId: string, itemId: string): DriveItemRecord {
  const it = ctx.store.driveItems.get(itemId);
  if (!it || it.driveId !== driveId) throw new EmulatorHttpError(404, 'itemNotFound', 'The resource could not be found.');
  return it;
}

/** graph "Get filesFolder" (graph/api/channel-get-filesfolder): also provisions the folder when missing. */
export const getFilesFolder: GraphHandler = (ctx, _req, p) => {
  const t = ctx.store.team(p.teamId!);
  const c = ctx.store.channel(t, p.channelId!);
  if (!c.folderId) {
    const it: DriveItemRecord = {
      id: newGuid(),
      driveId: driveIdFor(t, c),
      parentId: null,
      name: c.displayName,
      isFolder: true,
      createdDateTime: ctx.store.nowIso(),
    };
    ctx.store.driveItems.set(it.id, it);
    c.folderId = it.id;
  }
  return ok(itemJson(ctx, ctx.store.driveItems.get(c.folderId)!));
};

export const getItem: GraphHandler = (ctx, _req, p) => ok(itemJson(ctx, item(ctx, p.driveId!, p.itemId!)));

export const listChildren: GraphHandler = (ctx, req, p) => {
  const parent = item(ctx, p.driveId!, p.itemId!);
  const kids = [...ctx.store.driveItems.values()].filter((x) => x.parentId === parent.id).map((x) => itemJson(ctx, x));
  return page(ctx, req, kids, `drives('${p.driveId}')/items('${parent.id}')/children`, PAGE_RULES.driveChildren);
};

/** graph "Create folder" (graph/api/driveitem-post-children): conflictBehavior fail -> 409 nameAlreadyExists. */
export const createChild: GraphHandler = (ctx, req, p) => {
  const parent = item(ctx, p.driveId!, p.itemId!);
  const body = req.body ?? {};
  if (typeof body.name !== 'string' || !body.name.trim()) throw badRequest('name is required.', 'invalidRequest');
  if (/["*:<>?/\\|]/.test(body.name))
    throw badRequest(`The name '${body.name}' contains characters that are not allowed.`, 'invalidRequest');
  const behavior = String(body['@microsoft.graph.conflictBehavior'] ?? 'fail').toLowerCase();
  const siblings = [...ctx.store.driveItems.values()].filter((x) => x.parentId === parent.id);
  const taken = (n: string) => siblings.find((s) => s.name.toLowerCase() === n.toLowerCase());
  let name = body.name as string;
  const clash = taken(name);
  if (clash) {
    if (behavior === 'fail') throw new EmulatorHttpError(409, 'nameAlreadyExists', 'The specified item name already exists.');
    if (behavior === 'replace') return ok(itemJson(ctx, clash), 200);
    for (let i = 1; taken(name); i++) name = `${body.name} ${i}`;
  }
  const it: DriveItemRecord = {
    id: newGuid(),
    driveId: parent.driveId,
    parentId: parent.id,
    name,
    isFolder: body.folder !== undefined || body.file === undefined,
    createdDateTime: ctx.store.nowIso(),
  };
  ctx.store.driveItems.set(it.id, it);
  ctx.store.count('foldersCreated');
  return ok(itemJson(ctx, it), 201);
};
