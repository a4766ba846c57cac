import { tokens } from '@fluentui/react-components';
import type { KpiRow } from './types';

/** A tiny line of the last 12 months; gaps stay gaps. Its name tells the trend in words. */
export function Sparkline({ kpi, label }: { kpi: KpiRow; label: string }) {
  const w = 96;
  const h = 24;
  const pad = 3;
  const pts = kpi.trend.points.map((p) => ({ x: pad + p.x * (w - 2 * pad), y: h - pad - p.y * (h - 2 * pad), i: p.index }));
  const segments: string[] = [];
  let current = '';
  pts.forEach((p, k) => {
    const joined = k > 0 && pts[k - 1].i === p.i - 1;
    current = joined
      ? `${current} L${p.x.toFixed(1)} ${p.y.toFixed(1)}`
      : (current && segments.push(current), `M${p.x.toFixed(1)} ${p.y.toFixed(1)}`);
  });
  if (current) segments.push(current);
  const last = pts[pts.length - 1];
  return (
    <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      {segments.map((d, i) => (
        <path key={i} d={d} fill="none" stroke={tokens.colorBrandForeground1} strokeWidth={1.5} />
      ))}
      {last && <circle cx={last.x} cy={last.y} r={2.5} fill={tokens.colorBrandForeground1} />}
    </svg>
  );
}
