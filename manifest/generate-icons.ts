import fs from 'node:fs';
import path from 'node:path';
import { encodePng } from './png';

// Draws the app icons (an annual wheel: a ring of twelve months with a "today" hand) so they
// can be regenerated and reviewed as code. Run: `npx tsx manifest/generate-icons.ts`.
// Sizes and colour rules: Teams "app icons" guidance (colour 192x192 full colour,
// outline 32x32 white on transparent).

const ACCENT_COLOR = '#1F6F8B';

interface GlyphOptions {
  /** Glyph radius as a share of half the icon size. */
  scale: number;
  /** Gaps between the twelve month segments (too fine for 32 px). */
  monthGaps: boolean;
}

/** True when the normalised point (x, y in -1..1, y down) is inside the wheel glyph. */
function insideGlyph(x: number, y: number, { scale, monthGaps }: GlyphOptions): boolean {
  const u = x / scale;
  const v = y / scale;
  const r = Math.hypot(u, v);
  if (r <= 0.14) return true; // hub
  if (r >= 0.6 && r <= 0.84) {
    if (!monthGaps) return true;
    const deg = ((Math.atan2(v, u) * 180) / Math.PI + 360) % 30;
    return deg > 3 && deg < 27;
  }
  // "today" hand pointing to about two o'clock
  const angle = (-60 * Math.PI) / 180;
  const ex = 0.46 * Math.cos(angle);
  const ey = 0.46 * Math.sin(angle);
  const t = Math.max(0, Math.min(1, (u * ex + v * ey) / (ex * ex + ey * ey)));
  return Math.hypot(u - t * ex, v - t * ey) <= 0.075;
}

function coverage(px: number, py: number, size: number, options: GlyphOptions): number {
  const samples = 4;
  let hits = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      const x = ((px + (sx + 0.5) / samples) / size) * 2 - 1;
      const y = ((py + (sy + 0.5) / samples) / size) * 2 - 1;
      if (insideGlyph(x, y, options)) hits++;
    }
  }
  return hits / (samples * samples);
}

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** 192x192, accent background, white wheel. */
export function drawColorIcon(size = 192): Buffer {
  const [r, g, b] = hexToRgb(ACCENT_COLOR);
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, size, { scale: 0.66, monthGaps: true });
      const i = (y * size + x) * 4;
      rgba[i] = Math.round(r + (255 - r) * c);
      rgba[i + 1] = Math.round(g + (255 - g) * c);
      rgba[i + 2] = Math.round(b + (255 - b) * c);
      rgba[i + 3] = 255;
    }
  }
  return encodePng(size, size, rgba);
}

/** 32x32, white wheel on a transparent background. */
export function drawOutlineIcon(size = 32): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, size, { scale: 1.1, monthGaps: false });
      const i = (y * size + x) * 4;
      rgba[i] = 255;
      rgba[i + 1] = 255;
      rgba[i + 2] = 255;
      rgba[i + 3] = Math.round(255 * c);
    }
  }
  return encodePng(size, size, rgba);
}

function writeIcons(dir = __dirname): void {
  fs.writeFileSync(path.join(dir, 'color.png'), drawColorIcon());
  fs.writeFileSync(path.join(dir, 'outline.png'), drawOutlineIcon());
}

if (require.main === module) {
  writeIcons();
  console.log('wrote manifest/color.png and manifest/outline.png');
}
