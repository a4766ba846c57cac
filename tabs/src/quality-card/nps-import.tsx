import { useState } from 'react';
import { Button, Caption1, Label } from '@fluentui/react-components';
import { ErrorBar } from '../shared/shell';
import { ApiError } from '../shared/api';
import { ssoToken, type Locale } from '../shared/teams';
import { fill, loopTranslator } from './loop-view';
import type { NpsImportReport as NpsReport } from './loop-types';

/** The user survey's answers (CSV, one row per answer) up as raw bytes, for the month shown. */
async function upload(file: File, period: string, locale: Locale): Promise<NpsReport> {
  const token = await ssoToken();
  const q = new URLSearchParams({ period, fileName: file.name });
  const res = await fetch(`/api/v1/quality/nps-import?${q}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: file,
  });
  const data = await res.json().catch(() => undefined);
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, (locale === 'fi' ? e.messageFi : e.message) ?? res.statusText);
  }
  return data as NpsReport;
}

/** Directors import the yearly survey's 0–10 answers; NPS per account lands on that month's cards. */
export function NpsImport({ period, locale, onImported }: { period: string; locale: Locale; onImported(): void }) {
  const t = loopTranslator(locale);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<NpsReport | null>(null);
  const [busy, setBusy] = useState(false);
  async function run() {
    if (!file) return;
    setBusy(true);
    try {
      setDone(await upload(file, period, locale));
      setError(undefined);
      onImported();
    } catch (e) {
      setDone(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <details className="no-print" data-testid="nps-import">
      <summary>{t('importNps')}</summary>
      <div className="comment-form">
        <Caption1 as="p">{t('npsHelp')}</Caption1>
        <Label htmlFor="nps-file">{t('importNps')}</Label>
        <input
          id="nps-file"
          type="file"
          accept=".csv,.txt,text/csv"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          data-testid="nps-file"
        />
        <div>
          <Button size="small" appearance="primary" disabled={busy || !file} onClick={() => void run()}>
            {t('send')}
          </Button>
        </div>
        <ErrorBar error={error} />
        {done && <Caption1 role="status">{fill(t('npsDone'), { nps: done.overall.nps ?? '–', n: done.overall.answers })}</Caption1>}
      </div>
    </details>
  );
}
