/**
 * Channel names and descriptions. Graph limits displayName to 50 characters (graph "channel-post")
 * and some special characters break the channel's files folder (same page, "Known issues"), so we
 * strip them. The customer id in the description lets a re-run find a channel whose creation
 * finished in Graph but was never recorded (crash between the two).
 */
const MAX_CHANNEL_NAME = 50;
const ARCHIVE_PREFIX = 'Arkisto - ';

const UNSAFE = /[~#%&*{}+/\\:<>?|'"]/g;

function cleanChannelName(name: string): string {
  return name
    .normalize('NFC')
    .replace(UNSAFE, ' ')
    .replace(/\.{2,}/g, '.')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[._\s]+|[._\s]+$/g, '');
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('').trimEnd();
}

/**
 * Deterministic: the plain customer name when free, otherwise "<name> (<customer id>)",
 * shortened so the whole stays within 50 characters. `taken` holds lower-cased names in use.
 */
export function channelNameFor(customerName: string, customerId: string, taken: ReadonlySet<string>): string {
  const base = cleanChannelName(customerName) || `Asiakkuus ${customerId}`;
  const plain = cut(base, MAX_CHANNEL_NAME);
  if (!taken.has(plain.toLowerCase())) return plain;
  const suffix = ` (${customerId})`;
  return `${cut(base, MAX_CHANNEL_NAME - [...suffix].length)}${suffix}`;
}

export function archivedChannelName(activeName: string): string {
  if (activeName.startsWith(ARCHIVE_PREFIX)) return activeName;
  return cut(`${ARCHIVE_PREFIX}${activeName}`, MAX_CHANNEL_NAME);
}

export function channelDescription(customerName: string, customerId: string): string {
  return `Valtakunnallinen asiakkuus: ${customerName} (asiakasnro ${customerId}). Jäsenyydet päivittyvät laskutusjärjestelmästä.`;
}

const MARKER = /\(asiakasnro ([^)\s]+)\)/;

export function customerIdFromDescription(description: string | null | undefined): string | undefined {
  return description ? MARKER.exec(description)?.[1] : undefined;
}
