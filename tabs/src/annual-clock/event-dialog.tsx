import { useEffect, useState } from 'react';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  Radio,
  RadioGroup,
  Select,
  Textarea,
} from '@fluentui/react-components';
import { api } from '../shared/api';
import { ErrorBar } from '../shared/shell';
import type { Translate } from '../shared/i18n';
import type { Locale } from '../shared/teams';
import type { dict } from './dict';
import { KINDS, WEEKDAYS, emptyForm, formFromEvent, recurrenceOf, type EventForm } from './event-form';
import type { ClockEventDto, ClockView, Occurrence } from './types';
import { formatDate } from '../shared/i18n';

interface Person {
  email: string;
  name: string | null;
}

/** The account's people (owners first), so an event's owner is picked by name, not typed. */
function usePeople(customerId: string, open: boolean): Person[] {
  const [people, setPeople] = useState<Person[]>([]);
  useEffect(() => {
    if (!open) return;
    let live = true;
    api
      .get<{ members: Person[] }>(`/accounts/${encodeURIComponent(customerId)}/members`)
      .then((v) => live && setPeople(v.members.map((m) => ({ email: m.email, name: m.name }))))
      .catch(() => live && setPeople([]));
    return () => {
      live = false;
    };
  }, [customerId, open]);
  return people;
}

interface Props {
  view: ClockView;
  t: Translate<typeof dict>;
  locale: Locale;
  onSaved(): void;
  /** Edit this event; without it the dialog adds a new one. */
  event?: ClockEventDto;
  /** Opened from this occurrence of a series: the dialog asks whether to change it alone or the series. */
  occurrence?: Occurrence;
}

/** What a single occurrence may differ in from its series. */
interface OccurrenceForm {
  date: string;
  title: string;
  titleEn: string;
  cancelled: boolean;
}

const occurrenceForm = (o: Occurrence, e: ClockEventDto): OccurrenceForm => ({
  date: o.date,
  title: o.title ?? e.title,
  titleEn: o.titleEn ?? e.titleEn ?? '',
  cancelled: o.cancelled === true,
});

/** Adds an event, or edits every field of an existing one (PATCH sends only what changed). */
export function EventDialog({ view, t, locale, onSaved, event, occurrence }: Props) {
  const [open, setOpen] = useState(false);
  // A series opened from one of its occurrences: change that occurrence alone (the usual case) or the series.
  const series = !!event && !!occurrence && event.recurrence.kind !== 'once';
  const [scope, setScope] = useState<'one' | 'all'>('one');
  const [one, setOne] = useState<OccurrenceForm>(() =>
    occurrence && event ? occurrenceForm(occurrence, event) : { date: '', title: '', titleEn: '', cancelled: false },
  );
  const [form, setForm] = useState<EventForm>(() => (event ? formFromEvent(event) : emptyForm(view)));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const people = usePeople(view.account.id, open);
  const set = (k: keyof EventForm) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));
  const toggleMonth = (m: number) =>
    setForm((f) => ({ ...f, months: f.months.includes(m) ? f.months.filter((x) => x !== m) : [...f.months, m].sort((a, b) => a - b) }));

  function onOpenChange(next: boolean) {
    if (next) setForm(event ? formFromEvent(event) : emptyForm(view));
    if (next && occurrence && event) {
      setOne(occurrenceForm(occurrence, event));
      setScope('one');
    }
    setError(undefined);
    setOpen(next);
  }

  const occurrenceUrl = () =>
    `/accounts/${encodeURIComponent(view.account.id)}/clock/events/${encodeURIComponent(event!.id)}/occurrences/${occurrence!.seriesDate}`;

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    try {
      await action();
      setOpen(false);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (series && scope === 'one') {
      await run(() =>
        api.put(occurrenceUrl(), { date: one.date, title: one.title, titleEn: one.titleEn || null, cancelled: one.cancelled }),
      );
      return;
    }
    setBusy(true);
    try {
      const body = {
        title: form.title,
        titleEn: form.titleEn || null,
        ring: form.ring,
        start: form.start,
        recurrence: recurrenceOf(form),
        ownerEmail: form.ownerEmail || undefined,
        description: form.description || null,
        descriptionEn: form.descriptionEn || null,
        link: form.link || null,
        until: form.until || null,
        reminderDaysBefore: form.reminderDays === '' ? null : Number(form.reminderDays),
        durationDays: Number(form.durationDays) > 1 ? Number(form.durationDays) : null,
        assignee: form.assignee || null,
      };
      const base = `/accounts/${encodeURIComponent(view.account.id)}/clock/events`;
      if (event) await api.patch(`${base}/${encodeURIComponent(event.id)}`, body);
      else await api.post(base, body);
      setOpen(false);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const owners =
    people.some((p) => p.email === form.ownerEmail) || !form.ownerEmail ? people : [{ email: form.ownerEmail, name: null }, ...people];
  const title = event ? t('editEvent') : t('addEvent');
  return (
    <Dialog open={open} onOpenChange={(_, d) => onOpenChange(d.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button appearance={event ? 'secondary' : 'primary'} size={event ? 'small' : 'medium'}>
          {title}
        </Button>
      </DialogTrigger>
      <DialogSurface aria-describedby={undefined}>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className="form-grid">
              <ErrorBar error={error} />
              {series && (
                <Field label={t('editScope')}>
                  <RadioGroup value={scope} onChange={(_, d) => setScope(d.value as 'one' | 'all')} layout="horizontal">
                    <Radio value="one" label={t('thisOccurrence').replace('{date}', formatDate(occurrence!.date, locale))} />
                    <Radio value="all" label={t('wholeSeries')} />
                  </RadioGroup>
                </Field>
              )}
              {series && scope === 'one' ? (
                <>
                  <Field label={t('occurrenceDate')} required>
                    <Input
                      name="occurrenceDate"
                      type="date"
                      value={one.date}
                      onChange={(_, d) => setOne((o) => ({ ...o, date: d.value }))}
                      required
                    />
                  </Field>
                  <Field label={t('eventTitle')} required>
                    <Input
                      name="occurrenceTitle"
                      value={one.title}
                      onChange={(_, d) => setOne((o) => ({ ...o, title: d.value }))}
                      required
                      maxLength={200}
                    />
                  </Field>
                  <Field label={t('titleEn')} hint={t('enHint')}>
                    <Input
                      name="occurrenceTitleEn"
                      value={one.titleEn}
                      onChange={(_, d) => setOne((o) => ({ ...o, titleEn: d.value }))}
                      maxLength={200}
                    />
                  </Field>
                  <Checkbox
                    label={t('cancelOccurrence')}
                    checked={one.cancelled}
                    onChange={(_, d) => setOne((o) => ({ ...o, cancelled: d.checked === true }))}
                  />
                  {(occurrence!.movedFrom || occurrence!.title || occurrence!.titleEn || occurrence!.cancelled) && (
                    <Button type="button" disabled={busy} onClick={() => void run(() => api.del(occurrenceUrl()))}>
                      {t('restoreOccurrence')}
                    </Button>
                  )}
                </>
              ) : (
                <>
                  <Field label={t('eventTitle')} required>
                    <Input name="title" value={form.title} onChange={set('title')} required maxLength={200} />
                  </Field>
                  <Field label={t('titleEn')} hint={t('enHint')}>
                    <Input name="titleEn" value={form.titleEn} onChange={set('titleEn')} maxLength={200} />
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
                  <Field label={t('durationDays')} hint={t('durationHint')}>
                    <Input name="durationDays" type="number" min={1} max={92} value={form.durationDays} onChange={set('durationDays')} />
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
                  {form.kind === 'monthly' && (
                    <Field label={t('everyNthMonth')}>
                      <Input name="interval" type="number" min={1} max={12} value={form.interval} onChange={set('interval')} />
                    </Field>
                  )}
                  {(form.kind === 'monthly' || form.kind === 'yearly') && (
                    <Field label={t('dayOfMonth')} hint={t('dayOfMonthHint')}>
                      <Select name="dayOfMonth" value={form.dayOfMonth} onChange={set('dayOfMonth')}>
                        <option value="">{t('sameAsStart')}</option>
                        {Array.from({ length: 31 }, (_, i) => String(i + 1)).map((d) => (
                          <option key={d} value={d}>
                            {d}
                          </option>
                        ))}
                        <option value="-1">{t('lastDay')}</option>
                      </Select>
                    </Field>
                  )}
                  {form.kind === 'nthWeekday' && (
                    <>
                      <Field label={t('whichWeek')}>
                        <Select name="n" value={form.n} onChange={set('n')}>
                          {['1', '2', '3', '4', '5', '-1'].map((n) => (
                            <option key={n} value={n}>
                              {n === '-1' ? t('lastWeek') : `${n}.`}
                            </option>
                          ))}
                        </Select>
                      </Field>
                      <Field label={t('weekday')}>
                        <Select name="weekday" value={form.weekday} onChange={set('weekday')}>
                          {WEEKDAYS.map((w) => (
                            <option key={w} value={w}>
                              {t(`wd${w}` as const)}
                            </option>
                          ))}
                        </Select>
                      </Field>
                      <fieldset className="months">
                        <legend>{t('inMonths')}</legend>
                        {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
                          <Checkbox
                            key={m}
                            label={new Date(2026, m - 1, 1).toLocaleString(locale, { month: 'short' })}
                            checked={form.months.includes(m)}
                            onChange={() => toggleMonth(m)}
                          />
                        ))}
                      </fieldset>
                    </>
                  )}
                  {form.kind === 'dates' && (
                    <Field label={t('datesList')} hint={t('datesHint')}>
                      <Textarea name="dates" value={form.dates} onChange={set('dates')} />
                    </Field>
                  )}
                  {form.kind !== 'once' && (
                    <Field label={t('until')}>
                      <Input name="until" type="date" value={form.until} onChange={set('until')} />
                    </Field>
                  )}
                  <Field label={t('assignee')}>
                    <Select name="assignee" value={form.assignee} onChange={set('assignee')}>
                      <option value="">{t('assigneeOwner')}</option>
                      <option value="site-supervisor">{t('assigneeSites')}</option>
                    </Select>
                  </Field>
                  <Field label={t('owner')}>
                    <Select name="ownerEmail" value={form.ownerEmail} onChange={set('ownerEmail')}>
                      {owners.length === 0 && <option value={form.ownerEmail}>{form.ownerEmail}</option>}
                      {owners.map((p) => (
                        <option key={p.email} value={p.email}>
                          {p.name ? `${p.name} (${p.email})` : p.email}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field label={t('reminderDays')} hint={t('reminderDaysHint')}>
                    <Input name="reminderDays" type="number" min={0} max={60} value={form.reminderDays} onChange={set('reminderDays')} />
                  </Field>
                  <Field label={t('description')}>
                    <Textarea name="description" value={form.description} onChange={set('description')} maxLength={4000} />
                  </Field>
                  <Field label={t('descriptionEn')}>
                    <Textarea name="descriptionEn" value={form.descriptionEn} onChange={set('descriptionEn')} maxLength={4000} />
                  </Field>
                  <Field label={t('link')}>
                    <Input name="link" type="url" value={form.link} onChange={set('link')} placeholder="https://" />
                  </Field>
                </>
              )}
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
