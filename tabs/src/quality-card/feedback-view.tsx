import { useState } from 'react';
import { Badge, Button, Caption1, Field, Select, Text, Textarea } from '@fluentui/react-components';
import { ErrorBar } from '../shared/shell';
import { api } from '../shared/api';
import { formatDate } from '../shared/i18n';
import type { Locale } from '../shared/teams';
import { useLoad } from '../shared/use-load';
import { loopTranslator, type LT } from './loop-view';
import type { FeedbackItem } from './loop-types';
import './quality-loop.css';

const STATUS_COLOR = { new: 'danger', 'in-progress': 'warning', done: 'success' } as const;

function FeedbackRow({
  f,
  customerId,
  t,
  locale,
  onSaved,
}: {
  f: FeedbackItem;
  customerId: string;
  t: LT;
  locale: Locale;
  onSaved(): void;
}) {
  const [reply, setReply] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const path = `/accounts/${encodeURIComponent(customerId)}/feedback/${encodeURIComponent(f.id)}`;
  async function save(body: { status?: string; reply?: string }) {
    setBusy(true);
    try {
      await api.patch(path, body);
      setReply('');
      setError(undefined);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <li className="feedback-item" data-feedback={f.id} data-status={f.status}>
      <div className="instruction-head">
        <Badge appearance="tint" color={STATUS_COLOR[f.status]}>
          {t(f.status)}
        </Badge>
        <Caption1>
          {f.from} · {formatDate(f.createdAt, locale)}
        </Caption1>
      </div>
      <Text as="p" className="feedback-text">
        {f.text}
      </Text>
      {f.reply && (
        <Caption1 as="p" className="feedback-text">
          {t('replied')} {f.handledAt ? formatDate(f.handledAt, locale) : ''} · {f.handledBy}: {f.reply}
        </Caption1>
      )}
      <ErrorBar error={error} />
      <Field label={t('status')}>
        <Select value={f.status} disabled={busy} onChange={(_, d) => void save({ status: d.value })}>
          <option value="new">{t('new')}</option>
          <option value="in-progress">{t('in-progress')}</option>
          <option value="done">{t('done')}</option>
        </Select>
      </Field>
      <Field label={t('reply')}>
        <Textarea value={reply} onChange={(_, d) => setReply(d.value)} maxLength={2000} resize="vertical" />
      </Field>
      <div>
        <Button size="small" appearance="primary" disabled={busy || reply.trim() === ''} onClick={() => void save({ reply })}>
          {t('sendReply')}
        </Button>
      </div>
    </li>
  );
}

/** Feedback given with `palaute` in the account's channel, for its owners: status and a reply to the sender. */
export function FeedbackSection({ customerId, locale }: { customerId: string; locale: Locale }) {
  const t = loopTranslator(locale);
  const list = useLoad(() => api.get<{ feedback: FeedbackItem[] }>(`/accounts/${encodeURIComponent(customerId)}/feedback`), [customerId]);
  return (
    <section aria-labelledby="feedback-h" data-testid="feedback-list">
      <h2 className="agenda-month" id="feedback-h">
        {t('feedback')}
      </h2>
      <ErrorBar error={list.error} />
      {list.data && list.data.feedback.length === 0 && <Text as="p">{t('noFeedback')}</Text>}
      {list.data && (
        <ul className="feedback-list">
          {list.data.feedback.map((f) => (
            <FeedbackRow key={f.id} f={f} customerId={customerId} t={t} locale={locale} onSaved={() => void list.reload()} />
          ))}
        </ul>
      )}
    </section>
  );
}
