import crypto from 'node:crypto';

/** A stable GUID-shaped id from any text, so seeded users keep their ids across runs. */
export function stableGuid(text: string): string {
  const h = crypto.createHash('sha256').update(text).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function userIdForEmail(email: string): string {
  return stableGuid(`user:${email.trim().toLowerCase()}`);
}

export function newGuid(): string {
  return crypto.randomUUID();
}

export function newChannelId(): string {
  return `19:${crypto.randomBytes(16).toString('hex')}@thread.tacv2`;
}

/** Graph's conversationMember ids are base64 of a composite key; clients must treat them as opaque. */
export function membershipId(tenantId: string, containerId: string, userId: string): string {
  return Buffer.from(`1#${tenantId}##${containerId}##${userId}`).toString('base64');
}

export function newActivityId(): string {
  return String(Date.now()) + String(crypto.randomInt(100, 999));
}
