import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Field, Input, Select, Textarea } from '@fluentui/react-components';
import { api } from '../shared/api';
import { ErrorBar } from '../shared/shell';
import type { Translate } from '../shared/i18n';
import type { Locale } from '../shared/teams';
import type { dict } from './dict';
import type { ClockView } from './types';

const KINDS = ['once', 'monthly', 'quarterly', 'yearly'] as const;

export function AddEventDialog({ view, t, locale, onSaved }: { view: ClockView; t: Translate<typeof dict>; locale: Locale; onSaved(): void }) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ title: '', ring: view.rings[0]?.id ?? '', start: view.today, kind: 'once' as (typeof KINDS)[number], ownerEmail: view.me, description: '', link: '' });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await api.post(`/accounts/${encodeURIComponent(view.account.id)}/clock/events`, {
        title: form.title,
        ring: form.ring,
        start: form.start,
        recurrence: { kind: form.kind },
        ownerEmail: form.ownerEmail || undefined,
        description: form.description || null,
        link: form.link || null,
      });
      setOpen(false);
      setForm((f) => ({ ...f, title: '', description: '', link: '' }));
      setError(undefined);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={(_, d) => setOpen(d.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary">{t('addEvent')}</Button>
      </DialogTrigger>
      <DialogSurface aria-describedby={undefined}>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>{t('addEvent')}</DialogTitle>
            <DialogContent className="form-grid">
              <ErrorBar error={error} />
              <Field label={t('eventTitle')} required>
                <Input name="title" value={form.title} onChange={set('title')} required maxLength={200} />
              </Field>
              <Field label={t('ring')}>
                <Select name="ring" value={form.ring} onChange={set('ring')}>
                  {view.rings.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.label[locale]}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label={t('start')} required>
                <Input name="start" type="date" value={form.start} onChange={set('start')} required />
              </Field>
              <Field label={t('recurrence')}>
                <Select name="kind" value={form.kind} onChange={set('kind')}>
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(k)}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label={t('owner')}>
                <Input name="ownerEmail" type="email" value={form.ownerEmail} onChange={set('ownerEmail')} />
              </Field>
              <Field label={t('description')}>
                <Textarea name="description" value={form.description} onChange={set('description')} maxLength={4000} />
              </Field>
              <Field label={t('link')}>
                <Input name="link" type="url" value={form.link} onChange={set('link')} placeholder="https://" />
              </Field>
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button>{t('cancel')}</Button>
              </DialogTrigger>
              <Button type="submit" appearance="primary" disabled={busy}>
                {t('save')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
