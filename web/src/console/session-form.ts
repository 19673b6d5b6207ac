/**
 * Creating and editing one session. Its title and abstract are edited in
 * every language it has (./session-texts.ts); its format, track, level and
 * room are picked from the event's lists when it has them
 * (./session-choices.ts). An edit sends only what changed, as a JSON merge
 * patch, with If-Match naming the version the form was filled from: when
 * someone else saved first (412) the form says so and shows their version
 * beside the organiser's own, field by field (each language's text a field
 * of its own), to take theirs or save over it knowingly. A CSV row the
 * import rejected opens here with what the file said and the reasons beside
 * the fields (`?fix=`). Below the form, the session's polls
 * (./session-polls-admin.ts) and its reviews to moderate
 * (./session-reviews-admin.ts).
 */
import { api, ApiError, getFresh } from '../api';
import { field, h, replace } from '../dom';
import { href } from '../router';
import { act, messageArea, showFieldErrors } from '../status';
import type { CatalogueEvent, Session } from '../types';
import { takeRowToFix } from './console-import';
import { sessionUrl } from './console-sessions';
import { capacityHint, choicesOf, listedSelect } from './session-choices';
import { pollsAdmin } from './session-polls-admin';
import { reviewsAdmin } from './session-reviews-admin';
import { atLanguageFields, isTextKey, TEXT_FIELDS, textEditor, textLabel, textPatch, textsOf, textsToCreate } from './session-texts';
import { ct, type ConsoleKey } from './words';
import { localInput, zonedIso } from './zoned-time';

type Value = string | number | string[] | null | undefined;
type Kind = 'text' | 'datetime' | 'number' | 'list';

/** The fields the form edits besides the texts, in the order shown; a text one is a select when the event lists its values. */
const FIELDS: { name: keyof Session & string; kind: Kind; required?: boolean }[] = [
  { name: 'type', kind: 'text', required: true },
  { name: 'track', kind: 'text' },
  { name: 'level', kind: 'text' },
  { name: 'language', kind: 'text' },
  { name: 'room', kind: 'text' },
  { name: 'startsAt', kind: 'datetime' },
  { name: 'endsAt', kind: 'datetime' },
  { name: 'capacity', kind: 'number' },
  { name: 'speakerIds', kind: 'list' },
  { name: 'tags', kind: 'list' },
];

/** A session's editable values by field, its texts keyed by language (`title.en`). */
type Draft = Record<string, Value>;

const same = (a: Value, b: Value) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const isEmpty = (value: Value) => value === undefined || value === null || (Array.isArray(value) && value.length === 0);
const shown = (value: Value) => (isEmpty(value) ? '—' : Array.isArray(value) ? value.join(', ') : String(value));

export async function sessionForm(body: HTMLElement, event: CatalogueEvent, sessionId: string | undefined, query: URLSearchParams, signal: AbortSignal): Promise<void> {
  const fix = takeRowToFix(query.get('fix'));
  const wanted = sessionId ?? (typeof fix?.values.id === 'string' ? fix.values.id : undefined);
  const defaultLanguage = event.defaultLanguage ?? 'ko';
  // A rejected row may have named a session that exists (an update the file got wrong): then it is an edit.
  // Read in the event's default language (the heading's); every language comes under `translations`.
  const editedUrl = (sessionId: string) => `${sessionUrl(event.id, sessionId)}?lang=${encodeURIComponent(defaultLanguage)}`;
  let base: Session | undefined = wanted ? await getFresh<Session>(editedUrl(wanted), signal).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404 && !sessionId) return undefined;
    throw error;
  }) : undefined;

  const message = messageArea();
  const say = (text: string) => ((message.textContent = text), (message.className = 'message'));
  const texts = textEditor(defaultLanguage, say);
  const controls = new Map<string, HTMLInputElement | HTMLSelectElement>();
  /** The selects of what the event lists: each sets its value (marked when unlisted) and has a note for it. */
  const listed = new Map<string, ReturnType<typeof listedSelect>>();
  const read = (name: string): Value => {
    const spec = FIELDS.find((f) => f.name === name)!;
    const value = controls.get(name)!.value.trim();
    if (spec.kind === 'list') return value.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
    if (spec.kind === 'number') return value === '' ? null : Number(value);
    if (spec.kind === 'datetime') return zonedIso(value, event.timezone) ?? (value === '' ? undefined : value);
    return value === '' ? undefined : value;
  };
  /** A session as read, or a row as written: its texts by language and its other fields. */
  const snapshot = (from: Record<string, unknown>): Draft => ({ ...textsOf(from, defaultLanguage).texts, ...Object.fromEntries(FIELDS.map(({ name }) => [name, from[name] as Value])) });
  const draftOf = (): Draft => ({ ...texts.read(), ...Object.fromEntries(FIELDS.map(({ name }) => [name, read(name)])) });
  const showCapacityHint = () => {
    const { hint, placeholder } = capacityHint(event, !base, controls.get('room')!.value);
    capacityNote.textContent = hint;
    (controls.get('capacity') as HTMLInputElement).placeholder = placeholder;
  };
  const write = (from: Record<string, unknown>) => {
    const { languages, texts: written } = textsOf(from, defaultLanguage);
    texts.show(languages, written);
    for (const { name, kind } of FIELDS) {
      const value = from[name] as Value;
      const control = controls.get(name)!;
      const text = kind === 'datetime' ? localInput(value as string | undefined, event.timezone)
        : Array.isArray(value) ? value.join(', ')
        : value === null || value === undefined ? '' : String(value);
      if (listed.has(name)) listed.get(name)!.set(text);
      else control.value = text;
    }
    showCapacityHint();
  };

  const idInput = h('input', { name: 'id', autocapitalize: 'none', spellcheck: 'false', 'data-path': 'body.id' });
  const form = h('form', { class: 'console-form session-form' });
  for (const { name, kind, required } of FIELDS) {
    const attrs = { name, 'data-path': `body.${name}`, ...(required ? { required: true } : {}) };
    const choices = choicesOf(event, name);
    if (choices) listed.set(name, listedSelect(attrs, choices));
    controls.set(name, listed.get(name)?.select
      ?? h('input', { ...attrs, type: kind === 'datetime' ? 'datetime-local' : kind === 'number' ? 'number' : 'text', ...(kind === 'number' ? { min: 0, inputmode: 'numeric' } : {}) }));
  }
  controls.get('room')!.addEventListener('change', showCapacityHint);
  const capacityNote = h('span', { class: 'hint' });
  const label = (name: string) => (isTextKey(name) ? textLabel(name) : ct(`field.${name}` as ConsoleKey));
  const hintOf = (kind: Kind) => (kind === 'datetime' ? h('span', { class: 'hint' }, ct('form.zoneHint', { zone: event.timezone })) : kind === 'list' ? h('span', { class: 'hint' }, ct('form.listHint')) : kind === 'number' ? capacityNote : null);
  form.append(
    base ? h('p', { class: 'hint' }, ct('form.editing', { id: base.id, version: base.version })) : field(ct('field.id'), idInput, h('span', { class: 'hint' }, ct('form.idHint'))),
    texts.element,
    ...FIELDS.map(({ name, kind }) => field(label(name), controls.get(name)!, listed.get(name)?.note, hintOf(kind))),
  );
  const save = h('button', { type: 'submit' }, base ? ct('form.save') : ct('form.create'));
  const conflict = h('section', { class: 'conflict', hidden: true, 'aria-live': 'polite' });
  // The title in the event's default language, whichever language an answer came in.
  const titleOf = (session: Session) => session.translations?.[defaultLanguage]?.title ?? session.title;
  const heading = h('h2', null, base ? titleOf(base) : ct('form.newTitle'));
  form.append(h('div', { class: 'actions' }, save), message);

  write(base ?? { type: 'breakout' });
  if (fix) {
    // The row is the whole session the import would write: its texts replace the stored ones, not join them.
    const rowTexts = TEXT_FIELDS.some((name) => name in fix.values) ? { translations: undefined, contentLanguage: undefined } : {};
    write({ ...(base ?? { type: 'breakout' }), ...rowTexts, ...fix.values });
    if (!base && typeof fix.values.id === 'string') idInput.value = fix.values.id;
    message.textContent = ct('form.fixing', { row: fix.row });
    message.className = 'message error';
    showFieldErrors(form, atLanguageFields(new ApiError(400, '', fix.errors.map((e) => ({ path: e.path.replace(/^body\.sessions\[\d+\]/, 'body'), message: e.message }))), texts.languages()[0]!));
  }

  /** What changed since `from`, field by field: an emptied optional field or a removed language's text is `null`. */
  const changesOf = (from: Session): Draft => {
    const [was, now] = [snapshot(from), draftOf()];
    return Object.fromEntries([...new Set([...Object.keys(now), ...Object.keys(was)])].filter((key) => !same(now[key], was[key])).map((key) => [key, now[key] ?? null]));
  };
  /** The changes as the API's merge patch. */
  const patchOf = (changes: Draft) => ({
    ...Object.fromEntries(Object.entries(changes).filter(([key]) => !isTextKey(key))),
    ...textPatch(changes),
  });

  const saveOver = async (version: number, changes: Draft) => {
    const saved = await api<Session>('PATCH', sessionUrl(event.id, base!.id), { body: patchOf(changes), headers: { 'if-match': `"${version}"` } });
    base = saved;
    conflict.hidden = true;
    write(saved);
    replace(form.querySelector('.hint')!, ct('form.editing', { id: saved.id, version: saved.version }));
    heading.textContent = titleOf(saved);
    return ct('form.saved', { version: saved.version });
  };

  const showConflict = async (mine: Draft) => {
    const theirs = await getFresh<Session>(editedUrl(base!.id));
    const [was, now] = [snapshot(base!), snapshot(theirs)];
    // Texts first, language by language as the form shows them, then the other fields in the form's order.
    const languages = [...new Set([...texts.languages(), ...textsOf(theirs, defaultLanguage).languages])];
    const order = [...languages.flatMap((tag) => TEXT_FIELDS.map((name) => `${name}.${tag}`)), ...FIELDS.map((f) => f.name)];
    const names = order.filter((name) => name in mine || !same(now[name], was[name]));
    const takeTheirs = h('button', { type: 'button', class: 'secondary' }, ct('conflict.takeTheirs'));
    const keepMine = h('button', { type: 'button' }, ct('conflict.keepMine'));
    const outcome = messageArea();
    takeTheirs.addEventListener('click', () => {
      base = theirs;
      write(theirs);
      conflict.hidden = true;
      message.textContent = ct('conflict.tookTheirs', { version: theirs.version });
      message.className = 'message ok';
    });
    // The outcome shows under the form: the panel closes once saved; a failure stays in the panel.
    keepMine.addEventListener('click', () => void act(keepMine, outcome, () => saveOver(theirs.version, mine)).then((saved) => saved && ((message.textContent = outcome.textContent), (message.className = 'message ok'))));
    replace(conflict,
      h('h2', null, ct('conflict.title')),
      h('p', null, ct('conflict.lede', { version: theirs.version })),
      h('table', { class: 'console-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, ct('conflict.field')), h('th', { scope: 'col' }, ct('conflict.theirs')), h('th', { scope: 'col' }, ct('conflict.mine')))),
        h('tbody', null, names.map((name) => h('tr', { 'data-field': name, class: name in mine && !same(now[name], was[name]) ? 'clash' : null },
          h('th', { scope: 'row' }, label(name)),
          h('td', null, shown(now[name])),
          h('td', null, name in mine ? shown(mine[name]) : ct('conflict.unchanged')))))),
      h('div', { class: 'actions' }, takeTheirs, keepMine), outcome);
    conflict.hidden = false;
    conflict.scrollIntoView({ block: 'nearest' });
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(save, message, async () => {
      try {
        if (!base) {
          const draft = draftOf();
          const fields = Object.fromEntries(FIELDS.map(({ name }) => [name, draft[name]]).filter(([, value]) => !isEmpty(value)));
          const id = idInput.value.trim();
          const created = await api<Session>('POST', `/events/${encodeURIComponent(event.id)}/sessions`, { body: { ...(id ? { id } : {}), ...textsToCreate(texts.read()), ...fields } });
          location.hash = href(['console', event.id, 'sessions', created.id]);
          return ct('form.created');
        }
        const changes = changesOf(base);
        if (Object.keys(changes).length === 0) return ct('form.nothing');
        try {
          return await saveOver(base.version, changes);
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 412)) throw error;
          await showConflict(changes);
          throw new Error(ct('conflict.seeAbove'));
        }
      } catch (error) {
        throw atLanguageFields(error, texts.languages()[0]!);
      }
    }, form);
  });

  replace(body,
    h('p', { class: 'breadcrumb' }, h('a', { href: href(['console', event.id, 'sessions']) }, ct('console.section.sessions'))),
    heading,
    conflict,
    form,
    base ? [pollsAdmin(event.id, base.id, signal), reviewsAdmin(event.id, base.id, signal), dangerZone(event, () => base!)] : null);
}

/** Cancelling (the session stays listed, its seats are released) and deleting, each asked twice. */
function dangerZone(event: CatalogueEvent, current: () => Session): HTMLElement {
  const session = current();
  const message = messageArea();
  const cancel = h('button', { type: 'button', class: 'secondary' }, ct('form.cancelSession'));
  const remove = h('button', { type: 'button', class: 'secondary danger' }, ct('form.delete'));
  cancel.hidden = session.status === 'cancelled';
  cancel.addEventListener('click', () => {
    if (!confirm(ct('form.cancelConfirm', { title: session.title }))) return;
    void act(cancel, message, async () => {
      await api('PATCH', sessionUrl(event.id, session.id), { body: { status: 'cancelled' }, headers: { 'if-match': `"${current().version}"` } });
      location.hash = href(['console', event.id, 'sessions']);
      return ct('form.cancelled');
    });
  });
  remove.addEventListener('click', () => {
    if (!confirm(ct('form.deleteConfirm', { title: session.title }))) return;
    void act(remove, message, async () => {
      await api('DELETE', sessionUrl(event.id, session.id), { headers: { 'if-match': `"${current().version}"` } });
      location.hash = href(['console', event.id, 'sessions']);
      return ct('form.deleted');
    });
  });
  return h('section', { class: 'panel danger-zone' }, h('h2', null, ct('form.danger')), h('div', { class: 'actions' }, cancel, remove), message);
}
