import fs from 'node:fs';
import path from 'node:path';
import { drawColorIcon, drawOutlineIcon } from '../../manifest/generate-icons';
import { decodeSimplePng, readPngHeader } from '../../manifest/png';

// Teams app icon rules: colour icon 192x192 full colour; outline icon 32x32, white on a
// transparent background (Teams "app icons" guidance).
const MANIFEST_DIR = path.resolve(__dirname, '../../manifest');
const color = fs.readFileSync(path.join(MANIFEST_DIR, 'color.png'));
const outline = fs.readFileSync(path.join(MANIFEST_DIR, 'outline.png'));

describe('app icons', () => {
  it('have the pixel sizes Teams requires', () => {
    expect(readPngHeader(color)).toMatchObject({ width: 192, height: 192 });
    expect(readPngHeader(outline)).toMatchObject({ width: 32, height: 32 });
  });

  it('outline icon is white on transparent, with both glyph and background present', () => {
    const { rgba } = decodeSimplePng(outline);
    let transparent = 0;
    let opaque = 0;
    let coloured = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      const alpha = rgba[i + 3]!;
      if (alpha > 0 && (rgba[i] !== 255 || rgba[i + 1] !== 255 || rgba[i + 2] !== 255)) coloured++;
      if (alpha === 0) transparent++;
      if (alpha === 255) opaque++;
    }
    expect(coloured).toBe(0);
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
    expect(opaque).toBeGreaterThan(32 * 32 * 0.1);
    // corners stay clear
    expect(rgba[3]).toBe(0);
  });

  it('colour icon is fully opaque and uses the manifest accent colour as background', () => {
    const { rgba } = decodeSimplePng(color);
    let translucent = 0;
    for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) translucent++;
    expect(translucent).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8'));
    const hex = `#${[rgba[0], rgba[1], rgba[2]].map((c) => c!.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
    expect(hex).toBe(manifest.accentColor.toUpperCase());
  });

  it('committed PNGs are what manifest/generate-icons.ts draws', () => {
    expect(drawColorIcon().equals(color)).toBe(true);
    expect(drawOutlineIcon().equals(outline)).toBe(true);
  });
});
