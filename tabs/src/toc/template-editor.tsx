import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Button, Caption1, Field, Input, Select, Spinner, Text, Textarea } from '@fluentui/react-components';
import { api } from '../shared/api';
import { translator } from '../shared/i18n';
import { ErrorBar } from '../shared/shell';
import type { Locale } from '../shared/teams';
import { useLoad } from '../shared/use-load';
import { templateDict, type TemplateT } from './template-dict';
import type { TemplateItem } from '../../../src/tabs-api/contracts/toc';
import './template-editor.css';

/** Admin-only editor of the central TOC template (PUT/DELETE /toc/template); loaded lazily for admins. */

const KINDS = ['', 'folder', 'file', 'tab', 'url'] as const;
type Kind = (typeof KINDS)[number];
const KIND_LABEL = { '': 'kindNone', folder: 'kindFolder', file: 'kindFile', tab: 'kindTab', url: 'kindUrl' } as const;

interface Draft {
  id?: string;
  section: string;
  title: string;
  description: string;
  linkKind: Kind;
  linkTarget: string;
}
type Errors = Partial<Record<keyof Draft, string>>;
interface Section {
  name: string;
  items: TemplateItem[];
}

const collator = new Intl.Collator('fi');

/** Same order the TOC tab shows: sections by their first item's sortOrder, items by sortOrder. */
function sectionsOf(items: readonly TemplateItem[]): Section[] {
  const map = new Map<string, TemplateItem[]>();
  for (const i of items) map.set(i.section, [...(map.get(i.section) ?? []), i]);
  const rank = (s: TemplateItem[]) => Math.min(...s.map((i) => i.sortOrder));
  return [...map]
    .map(([name, list]) => ({ name, items: list.sort((a, b) => a.sortOrder - b.sortOrder || collator.compare(a.title, b.title)) }))
    .sort((a, b) => rank(a.items) - rank(b.items) || collator.compare(a.name, b.name));
}

function toDraft(i: TemplateItem): Draft {
  return {
    id: i.id,
    section: i.section,
    title: i.title,
    description: i.description ?? '',
    linkKind: (KINDS as readonly string[]).includes(i.linkKind ?? '') ? (i.linkKind as Kind) : '',
    linkTarget: i.linkTarget ?? '',
  };
}

/** Mirrors the API's zod schema so people see the problem next to the field before saving. */
function validateDraft(d: Draft, t: TemplateT): Errors {
  const e: Errors = {};
  if (!d.section.trim()) e.section = t('errRequired');
  else if (d.section.trim().length > 120) e.section = t('errTooLong');
  if (!d.title.trim()) e.title = t('errRequired');
  else if (d.title.trim().length > 200) e.title = t('errTooLong');
  if (d.description.length > 2000) e.description = t('errTooLong');
  const target = d.linkTarget.trim();
  if (d.linkKind && !target) e.linkTarget = t('errTargetMissing');
  else if (!d.linkKind && target) e.linkKind = t('errRequired');
  else if (target.length > 2000) e.linkTarget = t('errTooLong');
  else if (d.linkKind === 'url' && !/^https:\/\/\S+$/.test(target)) e.linkTarget = t('errHttps');
  else if (d.linkKind && !/^https:\/\/\S+$/.test(target) && !/^\/[^/]/.test(target)) e.linkTarget = t('errPath');
  return e;
}

function ItemForm(props: {
  initial: Draft;
  sections: string[];
  t: TemplateT;
  label: string;
  newSection?: boolean;
  onSubmit(d: Draft): Promise<void>;
  onCancel(): void;
}) {
  const { t } = props;
  const [d, setD] = useState<Draft>(props.initial);
  const [errors, setErrors] = useState<Errors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  // After a refused save, keyboard and screen-reader users land on the first field to fix.
  useEffect(() => {
    if (attempt) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);
  const uid = useMemo(() => Math.random().toString(36).slice(2, 8), []);
  const set = (k: keyof Draft) => (_: unknown, v: { value: string }) => setD((x) => ({ ...x, [k]: v.value }));

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    const e = validateDraft(d, t);
    if (props.newSection && props.sections.some((s) => s.toLocaleLowerCase('fi') === d.section.trim().toLocaleLowerCase('fi')))
      e.section = t('errSectionExists');
    setErrors(e);
    if (Object.keys(e).length) {
      setAttempt((n) => n + 1);
      return;
    }
    await props.onSubmit({ ...d, section: d.section.trim(), title: d.title.trim(), linkTarget: d.linkTarget.trim() });
  }

  const field = (k: keyof Draft) => ({ validationMessage: errors[k], validationState: errors[k] ? ('error' as const) : ('none' as const) });
  return (
    <form
      ref={formRef}
      className="template-form"
      aria-label={props.label}
      onSubmit={submit}
      noValidate
      onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}
    >
      {props.newSection ? (
        <Field label={t('sectionName')} required {...field('section')}>
          <Input id={`sec-${uid}`} value={d.section} onChange={set('section')} maxLength={120} autoFocus />
        </Field>
      ) : (
        <Field label={t('section')} required {...field('section')}>
          <Select value={d.section} onChange={set('section')}>
            {props.sections.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field label={t('title')} required {...field('title')}>
        <Input value={d.title} onChange={set('title')} maxLength={200} autoFocus={!props.newSection} />
      </Field>
      <Field label={t('description')} {...field('description')}>
        <Textarea value={d.description} onChange={set('description')} maxLength={2000} resize="vertical" />
      </Field>
      <Field label={t('linkKind')} {...field('linkKind')}>
        <Select value={d.linkKind} onChange={set('linkKind')}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(KIND_LABEL[k])}
            </option>
          ))}
        </Select>
      </Field>
      {(d.linkKind || d.linkTarget) && (
        <Field label={t('linkTarget')} hint={d.linkKind === 'url' ? t('linkTargetHintUrl') : t('linkTargetHint')} {...field('linkTarget')}>
          <Input value={d.linkTarget} onChange={set('linkTarget')} maxLength={2000} inputMode="url" />
        </Field>
      )}
      <div className="toolbar">
        <Button type="submit" appearance="primary">
          {t('save')}
        </Button>
        <Button onClick={props.onCancel}>{t('cancel')}</Button>
      </div>
    </form>
  );
}

type Mode =
  | { kind: 'edit'; id: string }
  | { kind: 'add'; section: string }
  | { kind: 'addSection' }
  | { kind: 'renameSection'; section: string }
  | { kind: 'deleteItem'; id: string }
  | { kind: 'deleteSection'; section: string }
  | null;

export default function TemplateEditor({ locale, onChanged }: { locale: Locale; onChanged(): void }) {
  const t = translator(templateDict, locale);
  const tpl = useLoad(() => api.get<{ items: TemplateItem[] }>('/toc/template'), []);
  const [mode, setMode] = useState<Mode>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const [rename, setRename] = useState('');
  const sections = useMemo(() => sectionsOf(tpl.data?.items ?? []), [tpl.data]);
  const names = sections.map((s) => s.name);
  const rootRef = useRef<HTMLElement>(null);
  // Reordering moves DOM nodes, which drops focus: put it back on the button that was pressed.
  const refocus = useRef<string | null>(null);
  useEffect(() => {
    if (!refocus.current) return;
    rootRef.current?.querySelector<HTMLElement>(`[aria-label="${CSS.escape(refocus.current)}"]`)?.focus();
    refocus.current = null;
  }, [tpl.data]);

  /** Writes every item whose place or content differs from what is stored; order = section*1000 + position. */
  async function persist(layout: { name: string; items: (TemplateItem | (Draft & { id?: string }))[] }[], done: string) {
    if (busy) return;
    setBusy(true);
    setStatus(t('saving'));
    try {
      const stored = new Map((tpl.data?.items ?? []).map((i) => [i.id, i]));
      let si = 0;
      for (const s of layout) {
        if (s.items.length === 0) continue;
        let ii = 0;
        for (const it of s.items) {
          const body = {
            ...(it.id ? { id: it.id } : {}),
            section: s.name,
            title: it.title,
            description: it.description || null,
            linkKind: it.linkKind || null,
            linkTarget: it.linkTarget || null,
            sortOrder: Math.min(si * 1000 + ii, 100000),
          };
          const old = it.id ? stored.get(it.id) : undefined;
          const same =
            old &&
            old.section === body.section &&
            old.title === body.title &&
            (old.description ?? null) === body.description &&
            (old.linkKind ?? null) === body.linkKind &&
            (old.linkTarget ?? null) === body.linkTarget &&
            old.sortOrder === body.sortOrder;
          if (!same) await api.put('/toc/template', body);
          ii++;
        }
        si++;
      }
      setError(undefined);
      setMode(null);
      setStatus(done);
    } catch (e) {
      setError(e);
      setStatus('');
    } finally {
      setBusy(false);
      await tpl.reload();
      onChanged();
    }
  }

  const layout = () => sections.map((s) => ({ name: s.name, items: [...s.items] as (TemplateItem | Draft)[] }));

  function moveSection(i: number, by: -1 | 1, label: string) {
    refocus.current = label;
    const l = layout();
    const j = i + by;
    if (j < 0 || j >= l.length) return;
    [l[i], l[j]] = [l[j]!, l[i]!];
    void persist(l, t('moved'));
  }
  function moveItem(si: number, ii: number, by: -1 | 1, label: string) {
    refocus.current = label;
    const l = layout();
    const list = l[si]!.items;
    const j = ii + by;
    if (j < 0 || j >= list.length) return;
    [list[ii], list[j]] = [list[j]!, list[ii]!];
    void persist(l, t('moved'));
  }
  function saveItem(d: Draft) {
    const l = layout().map((s) => ({ ...s, items: s.items.filter((i) => i.id !== d.id || !d.id) }));
    const target = l.find((s) => s.name === d.section);
    const original = d.id ? sections.find((s) => s.items.some((i) => i.id === d.id)) : undefined;
    if (target && original?.name === d.section) {
      // Edited in place: keep its position.
      const pos = original.items.findIndex((i) => i.id === d.id);
      target.items.splice(pos, 0, d);
    } else if (target) target.items.push(d);
    else l.push({ name: d.section, items: [d] });
    return persist(l, t('savedAll'));
  }
  async function removeIds(ids: string[]) {
    if (busy) return;
    setBusy(true);
    try {
      for (const id of ids) await api.del(`/toc/template/${encodeURIComponent(id)}`);
      setError(undefined);
      setMode(null);
      setStatus(t('deleted'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      await tpl.reload();
      onChanged();
    }
  }

  const blank = (section: string): Draft => ({ section, title: '', description: '', linkKind: '', linkTarget: '' });
  const itemLink = (i: TemplateItem) =>
    i.linkKind ? `${t(KIND_LABEL[i.linkKind as Exclude<Kind, ''>] ?? 'kindUrl')}: ${i.linkTarget ?? ''}` : t('kindNone');

  return (
    <section ref={rootRef} className="template-editor no-print" aria-labelledby="template-h" data-testid="template-editor">
      <h2 id="template-h" className="toc-section">
        {t('heading')}
      </h2>
      <Text as="p">{t('intro')}</Text>
      <ErrorBar error={error ?? tpl.error} />
      <Caption1 role="status" aria-live="polite" className="template-status">
        {status}
      </Caption1>
      {tpl.loading && !tpl.data && <Spinner size="small" label={t('loading')} />}
      {tpl.data && sections.length === 0 && <Text as="p">{t('empty')}</Text>}
      {sections.map((s, si) => (
        <div
          key={s.name}
          className="template-section"
          role="group"
          aria-label={`${t('section')}: ${s.name}`}
          data-template-section={s.name}
        >
          <div className="template-row">
            <h3 className="template-section-name">{s.name}</h3>
            <Caption1>
              {s.items.length} {t('items')}
            </Caption1>
            <span className="spacer" />
            <div className="toolbar tight">
              <Button
                size="small"
                disabledFocusable={si === 0}
                onClick={(e) => moveSection(si, -1, e.currentTarget.getAttribute('aria-label') ?? '')}
                aria-label={`${t('sectionUp')}: ${s.name}`}
              >
                ↑
              </Button>
              <Button
                size="small"
                disabledFocusable={si === sections.length - 1}
                onClick={(e) => moveSection(si, 1, e.currentTarget.getAttribute('aria-label') ?? '')}
                aria-label={`${t('sectionDown')}: ${s.name}`}
              >
                ↓
              </Button>
              <Button
                size="small"
                onClick={() => {
                  setRename(s.name);
                  setMode({ kind: 'renameSection', section: s.name });
                }}
                aria-label={`${t('renameSection')}: ${s.name}`}
              >
                {t('renameSection')}
              </Button>
              <Button
                size="small"
                onClick={() => setMode({ kind: 'deleteSection', section: s.name })}
                aria-label={`${t('deleteSection')}: ${s.name}`}
              >
                {t('deleteSection')}
              </Button>
            </div>
          </div>
          {mode?.kind === 'renameSection' && mode.section === s.name && (
            <form
              className="toolbar"
              aria-label={`${t('renameSection')}: ${s.name}`}
              onKeyDown={(e) => e.key === 'Escape' && setMode(null)}
              onSubmit={(e) => {
                e.preventDefault();
                const name = rename.trim();
                if (!name || name.length > 120 || (name !== s.name && names.includes(name))) return;
                void persist(
                  layout().map((x) => (x.name === s.name ? { ...x, name } : x)),
                  t('savedAll'),
                );
              }}
            >
              <Field
                label={t('sectionName')}
                required
                validationMessage={
                  !rename.trim()
                    ? t('errRequired')
                    : rename.trim() !== s.name && names.includes(rename.trim())
                      ? t('errSectionExists')
                      : undefined
                }
              >
                <Input value={rename} onChange={(_, d) => setRename(d.value)} maxLength={120} autoFocus />
              </Field>
              <Button type="submit" appearance="primary">
                {t('save')}
              </Button>
              <Button onClick={() => setMode(null)}>{t('cancel')}</Button>
            </form>
          )}
          {mode?.kind === 'deleteSection' && mode.section === s.name && (
            <div className="toolbar confirm" role="alertdialog" aria-label={t('deleteSection')}>
              <Text>{t('confirmDeleteSection')}</Text>
              <Button appearance="primary" autoFocus onClick={() => void removeIds(s.items.map((i) => i.id))}>
                {t('confirmDelete')}
              </Button>
              <Button onClick={() => setMode(null)}>{t('cancel')}</Button>
            </div>
          )}
          <ol className="template-items">
            {s.items.map((i, ii) => (
              <li key={i.id} className="template-item" data-template-item={i.id}>
                {mode?.kind === 'edit' && mode.id === i.id ? (
                  <ItemForm
                    initial={toDraft(i)}
                    sections={names}
                    t={t}
                    label={`${t('editItem')}: ${i.title}`}
                    onSubmit={saveItem}
                    onCancel={() => setMode(null)}
                  />
                ) : (
                  <>
                    <div className="template-item-text">
                      <Text weight="semibold">{i.title}</Text>
                      <br />
                      <Caption1>{itemLink(i)}</Caption1>
                      {i.description && (
                        <>
                          <br />
                          <Caption1>{i.description}</Caption1>
                        </>
                      )}
                    </div>
                    <div className="toolbar tight">
                      <Button
                        size="small"
                        disabledFocusable={ii === 0}
                        onClick={(e) => moveItem(si, ii, -1, e.currentTarget.getAttribute('aria-label') ?? '')}
                        aria-label={`${t('itemUp')}: ${i.title}`}
                      >
                        ↑
                      </Button>
                      <Button
                        size="small"
                        disabledFocusable={ii === s.items.length - 1}
                        onClick={(e) => moveItem(si, ii, 1, e.currentTarget.getAttribute('aria-label') ?? '')}
                        aria-label={`${t('itemDown')}: ${i.title}`}
                      >
                        ↓
                      </Button>
                      <Button size="small" onClick={() => setMode({ kind: 'edit', id: i.id })} aria-label={`${t('editItem')}: ${i.title}`}>
                        {t('edit')}
                      </Button>
                      <Button
                        size="small"
                        onClick={() => setMode({ kind: 'deleteItem', id: i.id })}
                        aria-label={`${t('deleteItem')}: ${i.title}`}
                      >
                        {t('remove')}
                      </Button>
                    </div>
                    {mode?.kind === 'deleteItem' && mode.id === i.id && (
                      <div className="toolbar confirm" role="alertdialog" aria-label={`${t('deleteItem')}: ${i.title}`}>
                        <Text>{t('confirmDeleteItem')}</Text>
                        <Button appearance="primary" autoFocus onClick={() => void removeIds([i.id])}>
                          {t('confirmDelete')}
                        </Button>
                        <Button onClick={() => setMode(null)}>{t('cancel')}</Button>
                      </div>
                    )}
                  </>
                )}
              </li>
            ))}
          </ol>
          {mode?.kind === 'add' && mode.section === s.name ? (
            <ItemForm
              initial={blank(s.name)}
              sections={names}
              t={t}
              label={`${t('addItem')}: ${s.name}`}
              onSubmit={saveItem}
              onCancel={() => setMode(null)}
            />
          ) : (
            <Button size="small" onClick={() => setMode({ kind: 'add', section: s.name })} aria-label={`${t('addItem')}: ${s.name}`}>
              {t('addItem')}
            </Button>
          )}
        </div>
      ))}
      {mode?.kind === 'addSection' ? (
        <div className="template-section">
          <h3 className="template-section-name">{t('newSection')}</h3>
          <ItemForm
            initial={blank('')}
            sections={names}
            t={t}
            label={t('addSection')}
            newSection
            onSubmit={saveItem}
            onCancel={() => setMode(null)}
          />
        </div>
      ) : (
        <Button onClick={() => setMode({ kind: 'addSection' })}>{t('addSection')}</Button>
      )}
    </section>
  );
}
