/**
 * The event's speakers: listed with a filter, each opened in a form (name,
 * role, company, a short bio, a photo and links, one `kind | url | title`
 * a line) and saved whole with If-Match; a new speaker by id. Someone
 * else's earlier save is a 412: the form says so and offers their version.
 */
import { api, ApiError, getAll, getFresh } from '../api';
import { field, h, replace } from '../dom';
import { href } from '../router';
import { act, messageArea } from '../status';
import type { CatalogueEvent, Speaker } from '../types';
import { atTheirBoxes } from './console-event';
import { ct } from './words';

const speakerUrl = (id: string) => `/speakers/${encodeURIComponent(id)}`;

export async function consoleSpeakers(body: HTMLElement, event: CatalogueEvent, speakerId: string | undefined, signal: AbortSignal): Promise<void> {
  if (speakerId) return speakerForm(body, event, speakerId === 'new' ? undefined : speakerId, signal);
  const { items } = await getAll<Speaker>(`/events/${encodeURIComponent(event.id)}/speakers`, signal);
  const filter = h('input', { type: 'search', 'aria-label': ct('speakers.filter'), placeholder: ct('speakers.filter') });
  const list = h('ul', { class: 'plain-list' });
  const draw = () => {
    const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    replace(list, items
      .filter((s) => words.every((w) => `${s.id} ${s.name} ${s.company ?? ''}`.toLowerCase().includes(w)))
      .map((s) => h('li', null, h('a', { href: href(['console', event.id, 'speakers', s.id]) }, s.name), h('span', { class: 'hint' }, [s.id, s.role, s.company].filter(Boolean).join(' · ')))));
  };
  filter.addEventListener('input', draw);
  draw();
  replace(body,
    h('div', { class: 'actions' }, h('a', { class: 'button', href: href(['console', event.id, 'speakers', 'new']) }, ct('speakers.new')), filter),
    items.length === 0 ? h('p', { class: 'hint' }, ct('speakers.none')) : list);
}

async function speakerForm(body: HTMLElement, event: CatalogueEvent, speakerId: string | undefined, signal: AbortSignal): Promise<void> {
  let current = speakerId ? await getFresh<Speaker>(speakerUrl(speakerId), signal) : undefined;
  const id = h('input', { name: 'id', required: true, autocapitalize: 'none', spellcheck: 'false', 'data-path': 'path.speakerId' });
  const input = (name: string, attrs: Record<string, string | boolean> = {}) => h('input', { name, 'data-path': `body.${name}`, ...attrs });
  const name = input('name', { required: true });
  const role = input('role');
  const company = input('company');
  const photoUrl = input('photoUrl', { type: 'url', placeholder: 'https://' });
  const bio = h('textarea', { name: 'bio', rows: 4, 'data-path': 'body.bio' });
  const links = h('textarea', { name: 'links', rows: 3, 'data-path': 'body.links' });
  const fill = (from: Speaker) => {
    name.value = from.name;
    role.value = from.role ?? '';
    company.value = from.company ?? '';
    photoUrl.value = from.photoUrl ?? '';
    bio.value = from.bio ?? '';
    links.value = (from.links ?? []).map((l) => [l.kind, l.url, l.title].filter(Boolean).join(' | ')).join('\n');
  };
  if (current) fill(current);
  const save = h('button', { type: 'submit' }, current ? ct('form.save') : ct('speakers.create'));
  const theirs = h('button', { type: 'button', class: 'secondary', hidden: true }, ct('conflict.takeTheirs'));
  const message = messageArea();
  const form = h('form', { class: 'console-form' },
    current ? h('p', { class: 'hint' }, ct('form.editing', { id: current.id, version: current.version })) : field(ct('speakers.id'), id, h('span', { class: 'hint' }, ct('speakers.idHint'))),
    field(ct('speakers.name'), name), field(ct('speakers.role'), role), field(ct('speakers.company'), company),
    field(ct('speakers.bio'), bio), field(ct('speakers.photo'), photoUrl, h('span', { class: 'hint' }, ct('speakers.photoHint'))),
    field(ct('speakers.links'), links, h('span', { class: 'hint' }, ct('speakers.linksHint'))),
    h('div', { class: 'actions' }, save, theirs), message);
  theirs.addEventListener('click', () => void act(theirs, message, async () => {
    current = await getFresh<Speaker>(speakerUrl(current!.id));
    fill(current);
    theirs.hidden = true;
    return ct('conflict.tookTheirs', { version: current.version });
  }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(save, message, async () => {
      const optional = (key: string, value: string) => (value.trim() ? { [key]: value.trim() } : {});
      const linkList = links.value.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
        const [kind, url, title] = line.split('|').map((part) => part.trim());
        return { kind, url, ...(title ? { title } : {}) };
      });
      const next = { name: name.value.trim(), ...optional('role', role.value), ...optional('company', company.value), ...optional('bio', bio.value), ...optional('photoUrl', photoUrl.value), ...(linkList.length > 0 ? { links: linkList } : {}) };
      const target = current?.id ?? id.value.trim();
      try {
        await api('PUT', speakerUrl(target), { body: next, ...(current ? { headers: { 'if-match': `"${current.version}"` } } : {}) });
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) {
          theirs.hidden = false;
          throw new Error(ct('speakers.conflict'));
        }
        throw atTheirBoxes(error);
      }
      if (!current) {
        location.hash = href(['console', event.id, 'speakers', target]);
        return ct('speakers.created');
      }
      current = await getFresh<Speaker>(speakerUrl(target));
      fill(current);
      replace(form.querySelector('.hint')!, ct('form.editing', { id: current.id, version: current.version }));
      return ct('form.saved', { version: current.version });
    }, form);
  });
  replace(body,
    h('p', { class: 'breadcrumb' }, h('a', { href: href(['console', event.id, 'speakers']) }, ct('console.section.speakers'))),
    h('h2', null, current ? current.name : ct('speakers.new')),
    form);
}
