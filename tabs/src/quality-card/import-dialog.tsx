import { useState } from 'react';
import {
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Label,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
} from '@fluentui/react-components';
import { ApiError } from '../shared/api';
import { formatNumber, type Translate } from '../shared/i18n';
import { ErrorBar } from '../shared/shell';
import { ssoToken, type Locale } from '../shared/teams';
import type { dict } from './dict';
import type { KpiImportReport } from './types';

type T = Translate<typeof dict>;
const SHOWN_ROWS = 200;

/** The file goes up as raw bytes, so the server detects Excel's Windows-1252 and `;` itself. */
async function upload(file: File, dryRun: boolean, locale: Locale): Promise<KpiImportReport> {
  const token = await ssoToken();
  const q = new URLSearchParams({ fileName: file.name, dryRun: String(dryRun) });
  const res = await fetch(`/api/v1/quality/import?${q}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: file,
  });
  const data = await res.json().catch(() => undefined);
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, (locale === 'fi' ? e.messageFi : e.message) ?? res.statusText);
  }
  return data as KpiImportReport;
}

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

interface Line {
  line: number;
  status: 'new' | 'updated' | 'unchanged' | 'error';
  customerId?: string;
  period?: string;
  kpi?: string;
  value?: number;
  messages: string[];
}

/** One entry per data line: errors first (they need action), then the imported rows in file order. */
function linesOf(r: KpiImportReport, locale: Locale, t: T): Line[] {
  const errors = new Map<number, Line>();
  for (const p of r.problems) {
    const l = errors.get(p.line) ?? { line: p.line, status: 'error' as const, messages: [] };
    l.messages.push(`${t('column')} ${p.column}${p.value ? ` (“${p.value}”)` : ''}: ${p.message[locale]}. ${p.hint[locale]}`);
    errors.set(p.line, l);
  }
  const ok: Line[] = r.rows.map((x) => ({
    line: x.line,
    status: x.change,
    customerId: x.customerId,
    period: x.period,
    kpi: x.kpi,
    value: x.value,
    messages: [],
  }));
  return [...[...errors.values()].sort((a, b) => a.line - b.line), ...ok];
}

export function KpiImportDialog({ t, locale, onImported }: { t: T; locale: Locale; onImported(r: KpiImportReport): void }) {
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [report, setReport] = useState<KpiImportReport | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!file) {
      setError(new Error(t('chooseFile')));
      return;
    }
    setBusy(true);
    setReport(null);
    try {
      const r = await upload(file, dryRun, locale);
      setReport(r);
      setError(undefined);
      if (!r.dryRun && r.counts.new + r.counts.updated > 0) onImported(r);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const lines = report ? linesOf(report, locale, t) : [];
  const statusText = (s: Line['status']) => t(s === 'error' ? 'rowError' : s === 'updated' ? 'updatedValue' : s);

  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        setOpen(d.open);
        if (!d.open) {
          setReport(null);
          setError(undefined);
        }
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button size="small">{t('importKpis')}</Button>
      </DialogTrigger>
      <DialogSurface aria-describedby="kpi-import-help" style={{ maxWidth: 900 }}>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>{t('importKpis')}</DialogTitle>
            <DialogContent className="form-grid">
              <Text id="kpi-import-help">{t('importHelp')}</Text>
              <div className="form-grid">
                <Label htmlFor="kpi-file" required>
                  {t('importFile')}
                </Label>
                <input
                  id="kpi-file"
                  type="file"
                  name="file"
                  accept=".csv,.txt,.xlsx,text/csv"
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                  data-testid="kpi-file"
                />
              </div>
              <Checkbox checked={dryRun} onChange={(_, d) => setDryRun(d.checked === true)} label={t('dryRun')} />
              <ErrorBar error={error} title={t('importFailed')} />
              {report && (
                <section aria-live="polite" data-testid="kpi-import-report">
                  <MessageBar intent={report.counts.rowsWithErrors > 0 ? 'warning' : 'success'}>
                    <MessageBarBody>
                      <MessageBarTitle>{report.dryRun ? t('importPreviewDone') : t('importDone')}</MessageBarTitle>
                      {fill(t('importCounts'), {
                        rows: report.counts.dataRows,
                        new: report.counts.new,
                        updated: report.counts.updated,
                        unchanged: report.counts.unchanged,
                        errors: report.counts.rowsWithErrors,
                      })}
                    </MessageBarBody>
                  </MessageBar>
                  <div className="table-scroll" style={{ maxHeight: '45vh', overflowY: 'auto' }}>
                    <table className="kpi-table stack-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('line')}</th>
                          <th scope="col">{t('result')}</th>
                          <th scope="col">{t('customer')}</th>
                          <th scope="col">{t('month')}</th>
                          <th scope="col">{t('kpi')}</th>
                          <th scope="col">{t('value')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {lines.slice(0, SHOWN_ROWS).map((l) => (
                          <tr key={`${l.status}-${l.line}`} data-line={l.line} data-status={l.status}>
                            <th scope="row">{l.line}</th>
                            <td data-label={t('result')}>
                              <span className={`light light-${l.status === 'error' ? 'red' : l.status === 'unchanged' ? 'none' : 'green'}`}>
                                {statusText(l.status)}
                              </span>
                            </td>
                            {l.status === 'error' ? (
                              <td colSpan={4}>{l.messages.join(' ')}</td>
                            ) : (
                              <>
                                <td data-label={t('customer')}>{(l.customerId && report.accountNames[l.customerId]) || l.customerId}</td>
                                <td data-label={t('month')}>{l.period}</td>
                                <td data-label={t('kpi')}>{(l.kpi && report.labels[l.kpi]?.[locale]) ?? l.kpi}</td>
                                <td className="num" data-label={t('value')}>
                                  {formatNumber(l.value, locale, 2)}
                                </td>
                              </>
                            )}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  {lines.length > SHOWN_ROWS && <Caption1>{fill(t('moreRows'), { n: SHOWN_ROWS })}</Caption1>}
                </section>
              )}
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button>{t('close')}</Button>
              </DialogTrigger>
              <Button type="submit" appearance="primary" disabled={busy}>
                {dryRun ? t('importPreview') : t('importRun')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
