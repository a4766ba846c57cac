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

export const AUDIT_CSV_COLUMNS = ['at', 'run_id', 'customer_id', 'email', 'action', 'reason', 'detail'] as const;

/** Audit entries as CSV (comma, UTF-8 with BOM so Finnish Excel shows ä/ö right, CRLF). */
export function auditToCsv(entries: readonly AuditEntry[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(',')];
  for (const e of entries) {
    lines.push([e.at, e.runId, e.customerId, e.email, e.action, e.reason, e.detail].map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
