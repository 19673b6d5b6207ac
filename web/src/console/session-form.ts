/**
 * Creating and editing one session. An edit sends only what changed, as a
 * JSON merge patch, with If-Match naming the version the form was filled
 * from: when someone else saved first (412) the form says so and shows
 * their version beside the organiser's own, field by field, to take theirs
 * or save over it knowingly. A CSV row the import rejected opens here with
 * what the file said and the reasons beside the fields (`?fix=`). Below the
 * form, the session's polls (./session-polls-admin.ts).
 */
import { api, ApiError, getFresh } from '../api';
import { field, h, replace } from '../dom';
import { href } from '../router';
import { act, messageArea, showFieldErrors } from '../status';
import { typesOf, type CatalogueEvent, type Session } from '../types';
import { takeRowToFix } from './console-import';
import { sessionUrl } from './console-sessions';
import { pollsAdmin } from './session-polls-admin';
import { ct, type ConsoleKey } from './words';
import { localInput, zonedIso } from './zoned-time';

type Value = string | number | string[] | null | undefined;
type Kind = 'text' | 'textarea' | 'select' | 'datetime' | 'number' | 'list';

/** The fields the form edits, in the order shown; `select` takes its options from the event. */
const FIELDS: { name: keyof Session & string; kind: Kind; required?: boolean }[] = [
  { name: 'title', kind: 'text', required: true },
  { name: 'abstract', kind: 'textarea' },
  { name: 'type', kind: 'select', required: true },
  { name: 'track', kind: 'select' },
  { name: 'level', kind: 'text' },
  { name: 'language', kind: 'text' },
  { name: 'room', kind: 'text' },
  { name: 'startsAt', kind: 'datetime' },
  { name: 'endsAt', kind: 'datetime' },
  { name: 'capacity', kind: 'number' },
  { name: 'speakerIds', kind: 'list' },
  { name: 'tags', kind: 'list' },
];

type Draft = Partial<Record<string, Value>>;

const same = (a: Value, b: Value) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const shown = (value: Value) => (value === null || value === undefined || (Array.isArray(value) && value.length === 0) ? '—' : Array.isArray(value) ? value.join(', ') : String(value));

export async function sessionForm(body: HTMLElement, event: CatalogueEvent, sessionId: string | undefined, query: URLSearchParams, signal: AbortSignal): Promise<void> {
  const fix = takeRowToFix(query.get('fix'));
  const wanted = sessionId ?? (typeof fix?.values.id === 'string' ? fix.values.id : undefined);
  // A rejected row may have named a session that exists (an update the file got wrong): then it is an edit.
  // The form edits the text of the event's default language (a plain string in a PATCH), whatever language the page is in.
  const editedUrl = (sessionId: string) => `${sessionUrl(event.id, sessionId)}?lang=${encodeURIComponent(event.defaultLanguage ?? 'ko')}`;
  let base: Session | undefined = wanted ? await getFresh<Session>(editedUrl(wanted), signal).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404 && !sessionId) return undefined;
    throw error;
  }) : undefined;

  const controls = new Map<string, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>();
  const read = (name: string): Value => {
    const spec = FIELDS.find((f) => f.name === name)!;
    const value = controls.get(name)!.value.trim();
    if (spec.kind === 'list') return value.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
    if (spec.kind === 'number') return value === '' ? null : Number(value);
    if (spec.kind === 'datetime') return zonedIso(value, event.timezone) ?? (value === '' ? undefined : value);
    return value === '' ? undefined : value;
  };
  const write = (draft: Draft | Session) => {
    const values = draft as Draft;
    for (const { name, kind } of FIELDS) {
      const value = values[name];
      controls.get(name)!.value = kind === 'datetime' ? localInput(value as string | undefined, event.timezone)
        : Array.isArray(value) ? value.join(', ')
        : value === null || value === undefined ? '' : String(value);
    }
  };
  const draftOf = (): Draft => Object.fromEntries(FIELDS.map(({ name }) => [name, read(name)]));

  const idInput = h('input', { name: 'id', autocapitalize: 'none', spellcheck: 'false', 'data-path': 'body.id' });
  const form = h('form', { class: 'console-form session-form' });
  for (const { name, kind, required } of FIELDS) {
    const attrs = { name, 'data-path': `body.${name}`, ...(required ? { required: true } : {}) };
    const control = kind === 'textarea' ? h('textarea', { ...attrs, rows: 5 })
      : kind === 'select' ? h('select', attrs, (name === 'type' ? typesOf(event) : ['', ...event.tracks]).map((option) => h('option', { value: option }, option || ct('form.none'))))
      : h('input', { ...attrs, type: kind === 'datetime' ? 'datetime-local' : kind === 'number' ? 'number' : 'text', ...(kind === 'number' ? { min: 0, inputmode: 'numeric' } : {}) });
    controls.set(name, control);
  }
  const label = (name: string) => ct(`field.${name}` as ConsoleKey);
  const hintOf = (kind: Kind) => (kind === 'datetime' ? ct('form.zoneHint', { zone: event.timezone }) : kind === 'list' ? ct('form.listHint') : kind === 'number' ? ct('form.capacityHint') : null);
  form.append(
    base ? h('p', { class: 'hint' }, ct('form.editing', { id: base.id, version: base.version })) : field(ct('field.id'), idInput, h('span', { class: 'hint' }, ct('form.idHint'))),
    ...FIELDS.map(({ name, kind }) => field(label(name), controls.get(name)!, hintOf(kind) ? h('span', { class: 'hint' }, hintOf(kind)) : null)),
  );
  const save = h('button', { type: 'submit' }, base ? ct('form.save') : ct('form.create'));
  const message = messageArea();
  const conflict = h('section', { class: 'conflict', hidden: true, 'aria-live': 'polite' });
  form.append(h('div', { class: 'actions' }, save), message);

  write(base ?? { type: 'breakout' });
  if (fix) {
    write({ ...(base ?? { type: 'breakout' }), ...fix.values });
    if (!base && typeof fix.values.id === 'string') idInput.value = fix.values.id;
    message.textContent = ct('form.fixing', { row: fix.row });
    message.className = 'message error';
    showFieldErrors(form, new ApiError(400, '', fix.errors.map((e) => ({ path: e.path.replace(/^body\.sessions\[\d+\]/, 'body'), message: e.message }))));
  }

  /** The changed fields as a merge patch: an emptied optional field is removed (null). */
  const patchOf = (from: Session) => {
    const draft = draftOf();
    return Object.fromEntries(FIELDS.filter(({ name }) => !same(draft[name], from[name as keyof Session] as Value)).map(({ name }) => [name, draft[name] ?? null]));
  };

  const saveOver = async (version: number, patch: Record<string, Value>) => {
    const saved = await api<Session>('PATCH', sessionUrl(event.id, base!.id), { body: patch, headers: { 'if-match': `"${version}"` } });
    base = saved;
    conflict.hidden = true;
    write(saved);
    replace(form.querySelector('.hint')!, ct('form.editing', { id: saved.id, version: saved.version }));
    return ct('form.saved', { version: saved.version });
  };

  const showConflict = async (mine: Record<string, Value>) => {
    const theirs = await getFresh<Session>(editedUrl(base!.id));
    const names = FIELDS.map((f) => f.name).filter((name) => name in mine || !same(theirs[name as keyof Session] as Value, base![name as keyof Session] as Value));
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
        h('tbody', null, names.map((name) => h('tr', { 'data-field': name, class: name in mine && !same(theirs[name as keyof Session] as Value, base![name as keyof Session] as Value) ? 'clash' : null },
          h('th', { scope: 'row' }, label(name)),
          h('td', null, shown(theirs[name as keyof Session] as Value)),
          h('td', null, name in mine ? shown(mine[name]) : ct('conflict.unchanged')))))),
      h('div', { class: 'actions' }, takeTheirs, keepMine), outcome);
    conflict.hidden = false;
    conflict.scrollIntoView({ block: 'nearest' });
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(save, message, async () => {
      if (!base) {
        const draft = Object.fromEntries(Object.entries(draftOf()).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)));
        const created = await api<Session>('POST', `/events/${encodeURIComponent(event.id)}/sessions`, { body: { ...(idInput.value.trim() ? { id: idInput.value.trim() } : {}), ...draft } });
        location.hash = href(['console', event.id, 'sessions', created.id]);
        return ct('form.created');
      }
      const patch = patchOf(base);
      if (Object.keys(patch).length === 0) return ct('form.nothing');
      try {
        return await saveOver(base.version, patch);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 412)) throw error;
        await showConflict(patch);
        throw new Error(ct('conflict.seeAbove'));
      }
    }, form);
  });

  replace(body,
    h('p', { class: 'breadcrumb' }, h('a', { href: href(['console', event.id, 'sessions']) }, ct('console.section.sessions'))),
    h('h2', null, base ? base.title : ct('form.newTitle')),
    conflict,
    form,
    base ? [pollsAdmin(event.id, base.id, signal), dangerZone(event, () => base!)] : null);
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
