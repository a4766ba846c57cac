/*
 * Rasterises the wheel SVG in the browser. An SVG drawn as an image has no access to the page's
 * stylesheets or Fluent's CSS variables, so every element's computed look is copied inline first;
 * the title and the ring legend are drawn around it so the picture stands on its own in a slide.
 */

const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'visibility',
  'display',
];

function inlineStyles(source: Element, target: Element): void {
  const cs = getComputedStyle(source);
  target.setAttribute('style', STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';'));
  for (let i = 0; i < source.children.length && i < target.children.length; i++) inlineStyles(source.children[i]!, target.children[i]!);
}

/** The colour behind the wheel: the first opaque background up the tree (the Teams theme), else white. */
function backgroundOf(el: Element): string {
  for (let e: Element | null = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return '#ffffff';
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the wheel could not be drawn as an image'));
    img.src = src;
  });
}

export interface WheelPngOptions {
  title: string;
  legend: { label: string; color: string }[];
  /** Pixels per CSS pixel: 2 gives a sharp picture on slides and high-density screens. */
  scale?: number;
}

export async function wheelToPng(svg: SVGSVGElement, o: WheelPngOptions): Promise<Blob> {
  const size = svg.viewBox.baseVal?.width || svg.getBoundingClientRect().width;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(size));
  clone.setAttribute('height', String(size));
  const xml = new XMLSerializer().serializeToString(clone);
  const img = await loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`);

  const cs = getComputedStyle(svg);
  const font = cs.fontFamily || 'sans-serif';
  const fg = cs.color || '#242424';
  const scale = o.scale ?? 2;
  const pad = 24;
  const titleH = 36;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas is not available');

  // Lay the legend out in rows first, to know the height.
  ctx.font = `14px ${font}`;
  const width = size + 2 * pad;
  const rows: { label: string; color: string; x: number; row: number }[] = [];
  let x = pad;
  let row = 0;
  for (const item of o.legend) {
    const w = 18 + ctx.measureText(item.label).width + 20;
    if (x + w > width - pad && x > pad) {
      row++;
      x = pad;
    }
    rows.push({ ...item, x, row });
    x += w;
  }
  const legendH = o.legend.length ? (row + 1) * 24 + 8 : 0;
  const height = pad + titleH + size + legendH + pad;

  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  ctx.scale(scale, scale);
  ctx.fillStyle = backgroundOf(svg);
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = fg;
  ctx.textBaseline = 'middle';
  ctx.font = `600 20px ${font}`;
  ctx.fillText(o.title, pad, pad + titleH / 2 - 4, width - 2 * pad);
  ctx.drawImage(img, pad, pad + titleH, size, size);
  ctx.font = `14px ${font}`;
  const top = pad + titleH + size + 12;
  for (const r of rows) {
    const y = top + r.row * 24 + 8;
    ctx.fillStyle = r.color;
    ctx.beginPath();
    ctx.arc(r.x + 6, y, 6, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = fg;
    ctx.fillText(r.label, r.x + 18, y);
  }
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

/** "Ääninen Oy" -> "aaninen-oy", for file names. */
export function fileSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
