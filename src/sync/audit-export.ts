import type { AuditEntry } from '../store';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
 * leading apostrophe (OWASP "CSV injection"); quotes are doubled and the cell quoted when needed.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const AUDIT_CSV_COLUMNS = ['at', 'run_id', 'customer_id', 'email', 'action', 'reason', 'detail'] as const;
const FINNISH_COLUMNS = ['Aika', 'Ajo', 'Asiakasnro', 'Sähköposti', 'Toimenpide', 'Syy', 'Lisätiedot'] as const;

export interface AuditCsvOptions {
  /**
   * excel-fi (default): what Finnish Excel opens as columns: semicolon, Finnish headers, local time
   * (d.M.yyyy H:mm:ss), UTF-8 with BOM so ä/ö show right. plain: comma, English headers, UTC ISO times.
   */
  format?: 'excel-fi' | 'plain';
  /** For excel-fi times (APP_TIMEZONE). */
  timeZone?: string;
}

function localTime(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${Number(parts.day)}.${Number(parts.month)}.${parts.year} ${Number(parts.hour)}:${parts.minute}:${parts.second}`;
}

/** Audit entries as CSV (CRLF; formulas neutralised in every cell). */
export function auditToCsv(entries: readonly AuditEntry[], options: AuditCsvOptions = {}): string {
  const excel = (options.format ?? 'excel-fi') === 'excel-fi';
  const sep = excel ? ';' : ',';
  const tz = options.timeZone ?? 'Europe/Helsinki';
  const lines = [(excel ? FINNISH_COLUMNS : AUDIT_CSV_COLUMNS).join(sep)];
  for (const e of entries) {
    lines.push([excel ? localTime(e.at, tz) : e.at, e.runId, e.customerId, e.email, e.action, e.reason, e.detail].map(csvCell).join(sep));
  }
  return `${excel ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}
