/** YYYY-MM plus n months (kept here: the domain module pulls zod into the bundle). */
export function addPeriods(p: string, n: number): string {
  const idx = Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1 + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** The month a quality card opens on: last month (UTC), so the tab and its prefetch ask for the same one. */
export function lastMonth(): string {
  return addPeriods(new Date().toISOString().slice(0, 7), -1);
}
