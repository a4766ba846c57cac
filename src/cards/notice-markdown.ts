import { escapeCardText, MAX_CARD_TEXT } from './escape';

/**
 * A notice body is formatted text in the part of the Adaptive Card TextBlock markdown that Teams
 * renders and that cannot lead anywhere: **bold**, _italic_, bulleted lines ("- " or "* ") and
 * numbered lines ("1. "), with blank lines between paragraphs. Everything else is inert as in any
 * user text (escapeCardText): links, images, headings, quotes, tags, mentions, template expressions.
 * Lists are kept by re-adding the marker in front of the escaped rest of the line.
 */

const LIST_ITEM = /^(\s{0,6})([-*]|\d{1,3}\.)\s+(.*)$/;

export function formatNoticeBody(text: string, maxLength = MAX_CARD_TEXT): string {
  const clipped = text.length > maxLength ? text.slice(0, Math.max(0, maxLength - 1)) + '…' : text;
  return (
    clipped
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => {
        const m = LIST_ITEM.exec(line);
        if (!m) return escapeCardText(line, maxLength);
        // "* " is a bullet too; written as "- " so a following "*bold*" cannot pair with it.
        const marker = m[2] === '*' ? '-' : m[2]!;
        return `${m[1]}${marker} ${escapeCardText(m[3], maxLength)}`;
      })
      .join('\n')
      // Links and reference links split over two lines ("[x]\n[1]: …") are broken here, across the lines.
      .replace(/\]\s*[([]/g, (m) => `]\u200B${m.slice(1)}`)
  );
}
