import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  Badge,
  Button,
  Caption1,
  Field,
  Input,
  Label,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  Title2,
} from '@fluentui/react-components';
import { api } from '../shared/api';
import { formatDate, translator } from '../shared/i18n';
import { ErrorBar } from '../shared/shell';
import type { Locale } from '../shared/teams';
import { useLoad } from '../shared/use-load';
import type { MemberReasonDto as Reason, MembersView } from '../../../src/tabs-api/contracts/members';
import { membersDict, type MembersT } from './members-dict';
import './members.css';

/** "Jäsenet / Members": who is in an account's channel and why; owners add, exclude and undo. */

// Same shape the server accepts (zod's email check is stricter; the server has the last word).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function dateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fi' ? 'fi-FI' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

function reasonText(r: Reason, t: MembersT): string {
  switch (r.kind) {
    case 'site':
      return `${t(r.role)}: ${r.siteName || r.siteId}${r.region ? ` (${r.region})` : ''}`;
    case 'key_account_director':
      return t('reasonOwner');
    case 'co_owner':
      return t('reasonCoOwner');
    case 'service_account':
      return t('reasonService');
    case 'override':
      return t('reasonOverride');
  }
}

export default function MembersPanel({ customerId, locale, onBack }: { customerId: string; locale: Locale; onBack(): void }) {
  const t = translator(membersDict, locale);
  const base = `/accounts/${encodeURIComponent(customerId)}/members`;
  const load = useLoad(() => api.get<MembersView>(base), [base]);
  const v = load.data;
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [excluding, setExcluding] = useState<{ email: string; reason: string } | null>(null);
  const [add, setAdd] = useState({ email: '', reason: '' });
  const [addErrors, setAddErrors] = useState<{ email?: string; reason?: string }>({});
  const addRef = useRef<HTMLFormElement>(null);
  const [attempt, setAttempt] = useState(0);
  // After a refused addition, focus goes to the first field to fix.
  useEffect(() => {
    if (attempt) addRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const when = (iso: string | null) => (iso ? ` ${dateTime(iso, locale)}.` : '.');
  async function change(fn: () => Promise<unknown>, done: string) {
    if (busy) return;
    setBusy(true);
    try {
      await fn();
      setError(undefined);
      setStatus(done);
      await load.reload();
      return true;
    } catch (e) {
      setError(e);
      setStatus('');
      return false;
    } finally {
      setBusy(false);
    }
  }

  const needle = filter.trim().toLocaleLowerCase('fi');
  const shown = useMemo(
    () =>
      (v?.members ?? []).filter(
        (m) =>
          !needle ||
          [m.name ?? '', m.email, ...m.reasons.map((r) => reasonText(r, t))].some((s) => s.toLocaleLowerCase('fi').includes(needle)),
      ),
    [v, needle, locale],
  );

  async function submitAdd(e: FormEvent) {
    e.preventDefault();
    const email = add.email.trim().toLowerCase();
    const errs: typeof addErrors = {};
    if (!EMAIL.test(email)) errs.email = t('errEmail');
    else if (v?.members.some((m) => m.email === email && m.role === 'owner')) errs.email = t('errOwner');
    if (!add.reason.trim()) errs.reason = t('errReason');
    else if (add.reason.trim().length > 500) errs.reason = t('errTooLong');
    setAddErrors(errs);
    if (Object.keys(errs).length) {
      setAttempt((n) => n + 1);
      return;
    }
    const ok = await change(
      async () => {
        const r = await api.post<{ appliesAt: string | null }>(`${base}/overrides`, { kind: 'add', email, reason: add.reason.trim() });
        return r;
      },
      `${t('savedAt')}${when(v?.nextSync ?? null)}`,
    );
    if (ok) setAdd({ email: '', reason: '' });
  }

  return (
    <section aria-labelledby="members-h" data-testid="members-view">
      <div className="toolbar">
        <Button onClick={onBack}>← {t('back')}</Button>
      </div>
      <Title2 as="h2" id="members-h">
        {t('members')}
        {v ? ` – ${v.account.name}` : ''}
      </Title2>
      <ErrorBar error={load.error ?? error} />
      {load.loading && !v && <Spinner label={t('loading')} />}
      {v && (
        <>
          <MessageBar intent="info" className="members-sync">
            <MessageBarBody>
              <span data-testid="next-sync">
                {v.nextSync ? `${t('nextSync')}: ${dateTime(v.nextSync, locale)}.` : t('nextSyncUnknown')}
              </span>{' '}
              <Caption1>{v.computedAt ? `${t('computedAt')} ${dateTime(v.computedAt, locale)}.` : t('notComputed')}</Caption1>
            </MessageBarBody>
          </MessageBar>
          <Text role="status" aria-live="polite" className="members-status">
            {status}
          </Text>

          <div className="toolbar">
            <Label htmlFor="member-filter" className="visually-hidden">
              {t('filter')}
            </Label>
            <Input
              id="member-filter"
              type="search"
              placeholder={t('filter')}
              value={filter}
              onChange={(_, d) => setFilter(d.value)}
              style={{ flex: '1 1 240px' }}
            />
            <Caption1 aria-live="polite">
              {shown.length} {t('count')}
            </Caption1>
          </div>
          {shown.length === 0 && <Text as="p">{t('noMembers')}</Text>}
          <ul className="member-list" aria-label={t('members')}>
            {shown.map((m) => (
              <li key={m.email} className="member" data-member={m.email}>
                <div className="member-who">
                  <Text weight="semibold">{m.name ?? m.email}</Text> {m.role === 'owner' && <Badge appearance="tint">{t('owner')}</Badge>}{' '}
                  {m.pendingExclusion && (
                    <Badge appearance="outline" color="warning">
                      {t('pendingExclusion')}
                    </Badge>
                  )}
                  {m.inDirectory === false && (
                    <Badge appearance="outline" color="danger">
                      {t('notInDirectory')}
                    </Badge>
                  )}
                  <br />
                  <Caption1>{m.email}</Caption1>
                </div>
                <div className="member-why">
                  <span className="visually-hidden">{t('why')}: </span>
                  <ul className="reasons">
                    {m.reasons.map((r, i) => (
                      <li key={i}>
                        <Caption1>{reasonText(r, t)}</Caption1>
                      </li>
                    ))}
                  </ul>
                </div>
                {v.canWrite && m.role === 'member' && (
                  <div className="toolbar tight">
                    {m.pendingExclusion ? (
                      <Button
                        size="small"
                        disabled={busy}
                        onClick={() =>
                          void change(() => api.del(`${base}/overrides/${encodeURIComponent(m.pendingExclusion!.overrideId)}`), t('undone'))
                        }
                        aria-label={`${t('undo')}: ${t('kindExclude')} ${m.name ?? m.email}`}
                      >
                        {t('undo')}
                      </Button>
                    ) : excluding?.email === m.email ? null : (
                      <Button
                        size="small"
                        onClick={() => setExcluding({ email: m.email, reason: '' })}
                        aria-label={`${t('exclude')}: ${m.name ?? m.email}`}
                      >
                        {t('exclude')}
                      </Button>
                    )}
                  </div>
                )}
                {excluding?.email === m.email && (
                  <form
                    className="toolbar member-form"
                    aria-label={`${t('exclude')}: ${m.name ?? m.email}`}
                    onKeyDown={(e) => e.key === 'Escape' && setExcluding(null)}
                    onSubmit={(e) => {
                      e.preventDefault();
                      void change(
                        () => api.post(`${base}/overrides`, { kind: 'exclude', email: m.email, reason: excluding.reason.trim() || null }),
                        `${t('savedAt')}${when(v.nextSync)}`,
                      ).then((ok) => ok && setExcluding(null));
                    }}
                  >
                    <Field label={t('excludeReason')} validationMessage={excluding.reason.length > 500 ? t('errTooLong') : undefined}>
                      <Input
                        value={excluding.reason}
                        onChange={(_, d) => setExcluding({ ...excluding, reason: d.value })}
                        maxLength={500}
                        autoFocus
                      />
                    </Field>
                    <Button type="submit" appearance="primary" disabled={busy}>
                      {t('confirmExclude')}
                    </Button>
                    <Button onClick={() => setExcluding(null)}>{t('cancel')}</Button>
                  </form>
                )}
              </li>
            ))}
          </ul>

          <section aria-labelledby="manual-h">
            <h3 id="manual-h" className="letter">
              {t('manual')}
            </h3>
            <Caption1 as="p">{t('manualIntro')}</Caption1>
            {v.overrides.length === 0 && <Text as="p">{t('noManual')}</Text>}
            <ul className="member-list" aria-labelledby="manual-h">
              {v.overrides.map((o) => (
                <li key={o.id} className="member" data-override={o.email}>
                  <div className="member-who">
                    <Badge appearance="filled" color={o.kind === 'add' ? 'brand' : 'danger'}>
                      {o.kind === 'add' ? t('kindAdd') : t('kindExclude')}
                    </Badge>{' '}
                    <Text weight="semibold">{o.name ?? o.email}</Text>{' '}
                    <Badge appearance="outline" color={o.status === 'applied' ? 'success' : 'warning'}>
                      {o.status === 'applied' ? t('applied') : t('pending')}
                    </Badge>{' '}
                    {o.inDirectory === false && (
                      <Badge appearance="outline" color="danger">
                        {t('notInDirectory')}
                      </Badge>
                    )}
                    {o.kind === 'add' && o.expiresOn && (
                      <Caption1>{`${t('endsOn')} ${formatDate(`${o.expiresOn}T12:00:00Z`, locale)}`}</Caption1>
                    )}
                    <br />
                    <Caption1>
                      {o.email}
                      {o.reason ? ` · ${t('reason')}: ${o.reason}` : ''} · {t('setBy')}: {o.setByName ?? o.setBy},{' '}
                      {formatDate(o.createdAt, locale)}
                    </Caption1>
                  </div>
                  {v.canWrite && (
                    <div className="toolbar tight">
                      <Button
                        size="small"
                        disabled={busy}
                        onClick={() => void change(() => api.del(`${base}/overrides/${encodeURIComponent(o.id)}`), t('undone'))}
                        aria-label={`${t('undo')}: ${o.kind === 'add' ? t('kindAdd') : t('kindExclude')} ${o.name ?? o.email}`}
                      >
                        {t('undo')}
                      </Button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          </section>

          {v.canWrite && (
            <form ref={addRef} className="member-add" aria-labelledby="add-h" onSubmit={submitAdd} noValidate>
              <h3 id="add-h" className="letter">
                {t('addMember')}
              </h3>
              <Field label={t('email')} required validationMessage={addErrors.email} validationState={addErrors.email ? 'error' : 'none'}>
                <Input
                  type="email"
                  value={add.email}
                  onChange={(_, d) => setAdd({ ...add, email: d.value })}
                  maxLength={254}
                  autoComplete="off"
                />
              </Field>
              <Field
                label={t('addReason')}
                required
                validationMessage={addErrors.reason}
                validationState={addErrors.reason ? 'error' : 'none'}
              >
                <Input value={add.reason} onChange={(_, d) => setAdd({ ...add, reason: d.value })} maxLength={500} />
              </Field>
              <div className="toolbar">
                <Button type="submit" appearance="primary" disabled={busy}>
                  {t('addButton')}
                </Button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
