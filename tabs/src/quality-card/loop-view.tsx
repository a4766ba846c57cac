import { useState } from 'react';
import { Badge, Button, Caption1, Field, Select, Text, Textarea } from '@fluentui/react-components';
import { ErrorBar } from '../shared/shell';
import { api } from '../shared/api';
import { formatDate, translator, type Translate } from '../shared/i18n';
import type { Locale } from '../shared/teams';
import { useLoad } from '../shared/use-load';
import { loopDict } from './loop-dict';
import type { CardLoop, Instruction } from './loop-types';
import './quality-loop.css';

export type LT = Translate<typeof loopDict>;
export const loopTranslator = (locale: Locale): LT => translator(loopDict, locale);
export const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (w, k: string) => String(vars[k] ?? w));

function InstructionItem({ i, t, locale, onToggle }: { i: Instruction; t: LT; locale: Locale; onToggle?: (done: boolean) => void }) {
  return (
    <li className="instruction" data-instruction={i.id} data-status={i.status}>
      <div className="instruction-head">
        <Badge appearance="tint" color={i.kind === 'instruction' ? 'brand' : 'informative'}>
          {t(i.kind)}
        </Badge>
        <Badge appearance="outline" color={i.status === 'done' ? 'success' : 'warning'}>
          {t(i.status)}
        </Badge>
        <Caption1>
          {i.author} · {i.periodLabel} · {formatDate(i.createdAt, locale)}
        </Caption1>
      </div>
      <Text as="p" className="instruction-text">
        {i.text}
      </Text>
      {i.status === 'done' && i.doneAt && (
        <Caption1 as="p">{fill(t('doneBy'), { date: formatDate(i.doneAt, locale), by: i.doneBy ?? '' })}</Caption1>
      )}
      {onToggle && (
        <Button size="small" onClick={() => onToggle(i.status !== 'done')}>
          {i.status === 'done' ? t('reopen') : t('markDone')}
        </Button>
      )}
    </li>
  );
}

/** A director's comment or instruction on one account's month; the KAD gets it as a personal card. */
export function CommentForm({ customerId, period, t, onSent }: { customerId: string; period: string; t: LT; onSent(): void }) {
  const [kind, setKind] = useState<'instruction' | 'comment'>('instruction');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState(false);
  async function send() {
    setBusy(true);
    try {
      await api.post(`/accounts/${encodeURIComponent(customerId)}/quality/${period}/instructions`, { kind, text });
      setText('');
      setSent(true);
      setError(undefined);
      onSent();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="comment-form" data-testid={`comment-form-${customerId}`}>
      <ErrorBar error={error} />
      <Field label={t('kind')}>
        <Select value={kind} onChange={(_, d) => setKind(d.value as 'comment')}>
          <option value="instruction">{t('instruction')}</option>
          <option value="comment">{t('comment')}</option>
        </Select>
      </Field>
      <Field label={t('writeComment')}>
        <Textarea value={text} onChange={(_, d) => (setText(d.value), setSent(false))} maxLength={2000} resize="vertical" />
      </Field>
      <div className="toolbar">
        <Button appearance="primary" size="small" disabled={busy || text.trim() === ''} onClick={() => void send()}>
          {t('send')}
        </Button>
        {sent && <Caption1 role="status">{t('sent')}</Caption1>}
      </div>
    </div>
  );
}

/** The card's loop with the management team: the ready mark, and the directors' comments and instructions. */
export function LoopSection({ customerId, period, locale }: { customerId: string; period: string; locale: Locale }) {
  const t = loopTranslator(locale);
  const base = `/accounts/${encodeURIComponent(customerId)}/quality/${period}`;
  const loop = useLoad(() => api.get<CardLoop>(`${base}/loop`), [base]);
  const [error, setError] = useState<unknown>();
  const l = loop.data;
  async function act(fn: () => Promise<unknown>) {
    try {
      await fn();
      setError(undefined);
      await loop.reload();
    } catch (e) {
      setError(e);
    }
  }
  const toggle = l?.canMarkReady
    ? (i: Instruction) => (done: boolean) =>
        void act(() => api.put(`/accounts/${encodeURIComponent(customerId)}/instructions/${i.id}`, { done }))
    : undefined;
  const list = (items: Instruction[]) => (
    <ul className="instruction-list">
      {items.map((i) => (
        <InstructionItem key={i.id} i={i} t={t} locale={locale} onToggle={toggle?.(i)} />
      ))}
    </ul>
  );
  return (
    <section aria-labelledby="loop-h" data-testid="quality-loop">
      <h2 className="agenda-month" id="loop-h">
        {t('instructions')}
      </h2>
      <ErrorBar error={loop.error ?? error} />
      {l && (
        <>
          <div className="toolbar" data-testid="ready-state" data-ready={l.ready ? 'yes' : 'no'}>
            <Badge appearance="filled" color={l.ready ? 'success' : 'subtle'}>
              {l.ready ? t('ready') : t('notReady')}
            </Badge>
            {l.ready && <Caption1>{fill(t('readyBy'), { date: formatDate(l.ready.at, locale), by: l.ready.by ?? '' })}</Caption1>}
            {l.canMarkReady && (
              <Button
                size="small"
                appearance={l.ready ? 'secondary' : 'primary'}
                onClick={() => void act(() => api.put(`${base}/ready`, { ready: !l.ready }))}
              >
                {l.ready ? t('unmarkReady') : t('markReady')}
              </Button>
            )}
          </div>
          {l.survey && l.survey.nps !== null && (
            <Caption1 as="p">{fill(t('surveyNps'), { nps: l.survey.nps, n: l.survey.answers, period: l.survey.period })}</Caption1>
          )}
          {l.instructions.current.length === 0 ? <Text as="p">{t('noInstructions')}</Text> : list(l.instructions.current)}
          {l.instructions.stillOpen.length > 0 && (
            <>
              <h3 className="loop-sub">{t('stillOpen')}</h3>
              {list(l.instructions.stillOpen)}
            </>
          )}
          {l.instructions.previous.length > 0 && (
            <>
              <h3 className="loop-sub">{t('previous')}</h3>
              {list(l.instructions.previous)}
            </>
          )}
          {l.canComment && <CommentForm customerId={customerId} period={period} t={t} onSent={() => void loop.reload()} />}
        </>
      )}
    </section>
  );
}
