/**
 * A session's title and abstract in every language it has (docs/api.md,
 * "Languages"), for the session form: a group of two fields a language, the
 * event's default language first; a language is added by its tag, checked
 * as the API checks it, and any but the first removed. Texts are keyed flat
 * (`title.en`) so the form compares and shows them like its other fields;
 * what changed goes back as the API's per-language merge patch.
 */
import { normaliseTag } from '../../../lambda/domain/languages';
import { LANGUAGE_TAG, MAX_LANGUAGE_TAG_LENGTH, MAX_TEXT_LANGUAGES } from '../../../lambda/domain/vocabulary';
import { ApiError } from '../api';
import { field, h, replace } from '../dom';
import { locale } from '../i18n';
import { showFieldErrors } from '../status';
import { ct } from './words';

/** Texts by flat key (`title.ko`, `abstract.en`); an empty text is absent. */
export type Texts = Record<string, string | undefined>;
export const TEXT_FIELDS = ['title', 'abstract'] as const;

/** Tags offered when adding a language; any other valid tag can be typed. */
const COMMON_TAGS = ['ko', 'en', 'ja', 'zh-Hans', 'zh-Hant', 'vi', 'th', 'id', 'es', 'fr', 'de'];

export const isTextKey = (key: string) => /^(title|abstract)\./.test(key);
const tagOf = (key: string) => key.slice(key.indexOf('.') + 1);

/** "제목 (en)": a text field's label, naming its language. */
export const textLabel = (key: string) => `${ct(key.startsWith('title.') ? 'field.title' : 'field.abstract')} (${tagOf(key)})`;

/** A tag's name in the console's language ("영어"), or nothing when the browser has none. */
function languageName(tag: string): string | undefined {
  try {
    const name = new Intl.DisplayNames([locale()], { type: 'language' }).of(tag);
    return name && name !== tag ? name : undefined;
  } catch {
    return undefined;
  }
}

/** A session as read, or a row as written: a title or abstract is one string (the default language's, or `contentLanguage`'s) or texts by tag. */
interface Readable {
  title?: unknown;
  abstract?: unknown;
  contentLanguage?: string;
  translations?: Record<string, { title?: string; abstract?: string }>;
}

/**
 * The languages and texts of a session as read (all of them under
 * `translations`, else its one language), or of a row as written (a CSV row
 * to fix): the default language first, then the others in their order.
 */
export function textsOf(source: Readable, defaultLanguage: string): { languages: string[]; texts: Texts } {
  const texts: Texts = {};
  const found = new Set<string>();
  const put = (tag: string, name: 'title' | 'abstract', text: unknown) => {
    const language = normaliseTag(tag);
    found.add(language);
    if (typeof text === 'string' && text !== '') texts[`${name}.${language}`] = text;
  };
  if (source.translations) {
    for (const [tag, t] of Object.entries(source.translations)) TEXT_FIELDS.forEach((name) => put(tag, name, t[name]));
  } else {
    for (const name of TEXT_FIELDS) {
      const text = source[name];
      if (text && typeof text === 'object') for (const [tag, value] of Object.entries(text)) put(tag, name, value);
      else if (text !== undefined) put(source.contentLanguage ?? defaultLanguage, name, text);
    }
  }
  const others = [...found].filter((tag) => tag !== defaultLanguage);
  return { languages: found.has(defaultLanguage) || found.size === 0 ? [defaultLanguage, ...others] : others, texts };
}

/** Flat texts as the API writes them, a map by language under each field: `{title: {en: "…"}}`. */
function byField<T>(entries: [string, T][]): Record<string, Record<string, T>> {
  const body: Record<string, Record<string, T>> = {};
  for (const [key, value] of entries) (body[key.slice(0, key.indexOf('.'))] ??= {})[tagOf(key)] = value;
  return body;
}

/** The changed texts as the API's merge patch, `null` removing a language's. */
export const textPatch = (changes: Record<string, unknown>) =>
  byField(Object.entries(changes).filter(([key]) => isTextKey(key)).map(([key, value]): [string, unknown] => [key, value ?? null]));

/** The written texts of a new session: each field that has any. */
export const textsToCreate = (draft: Texts) => byField(Object.entries(draft).filter((entry): entry is [string, string] => entry[1] !== undefined));

/** A problem the server names at a whole field (`body.title`, a plain string's) is shown at the first language's. */
export const atLanguageFields = <E>(error: E, first: string): E =>
  error instanceof ApiError
    ? (new ApiError(error.status, error.detail, error.errors.map((e) => (/^body\.(title|abstract)$/.test(e.path) ? { ...e, path: `${e.path}.${first}` } : e)), error.retryAfter) as E)
    : error;

export interface TextEditor {
  element: HTMLElement;
  /** Shows these languages with these texts. */
  show(languages: string[], texts: Texts): void;
  /** The texts as typed, trimmed; empty ones left out. */
  read(): Texts;
  languages(): string[];
}

/** The fields of every language, a way to add one and to remove any but the first. */
export function textEditor(defaultLanguage: string, said: (text: string) => void): TextEditor {
  const groups = h('div', { class: 'language-groups' });
  const tagInput = h('input', { name: 'newLanguage', list: 'common-language-tags', autocapitalize: 'none', spellcheck: 'false', 'data-path': 'newLanguage', placeholder: 'en' });
  const datalist = h('datalist', { id: 'common-language-tags' });
  const add = h('button', { type: 'button', class: 'secondary' }, ct('texts.add'));
  const adding = h('div', { class: 'add-language' }, h('div', { class: 'add-row' }, field(ct('texts.addLabel'), tagInput), add), h('span', { class: 'hint' }, ct('texts.addHint', { max: MAX_TEXT_LANGUAGES })), datalist);
  const element = h('fieldset', { class: 'session-texts' }, h('legend', null, ct('texts.legend')), groups, adding);
  let shown: string[] = [];

  const group = (tag: string, first: boolean) => {
    const name = languageName(tag);
    const remove = first ? null : h('button', { type: 'button', class: 'secondary small', 'aria-label': ct('texts.removeLabel', { language: tag }) }, ct('texts.remove'));
    // The texts are in their language (spelling, voices); the labels stay in the console's.
    const box = h('section', { class: 'language', 'data-language': tag },
      h('h3', null, name ? `${name} · ${tag}` : tag, tag === defaultLanguage ? h('span', { class: 'badge' }, ct('texts.default')) : null, remove),
      field(textLabel(`title.${tag}`), h('input', { name: `title.${tag}`, lang: tag, 'data-path': `body.title.${tag}`, ...(first ? { required: true } : {}) })),
      field(textLabel(`abstract.${tag}`), h('textarea', { name: `abstract.${tag}`, lang: tag, 'data-path': `body.abstract.${tag}`, rows: 5 })));
    remove?.addEventListener('click', () => {
      shown = shown.filter((t) => t !== tag);
      box.remove();
      offer();
      said(ct('texts.removed', { language: name ? `${name} (${tag})` : tag }));
    });
    return box;
  };
  const control = (key: string) => groups.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${CSS.escape(key)}"]`);
  /** The common tags not shown yet. */
  const offer = () => replace(datalist, COMMON_TAGS.filter((tag) => !shown.includes(tag)).map((tag) => h('option', { value: tag }, languageName(tag) ?? tag)));

  add.addEventListener('click', () => {
    const typed = tagInput.value.trim();
    const tag = normaliseTag(typed);
    const problem = !LANGUAGE_TAG.test(typed) || typed.length > MAX_LANGUAGE_TAG_LENGTH ? ct('texts.badTag')
      : shown.some((t) => t.toLowerCase() === tag.toLowerCase()) ? ct('texts.already', { language: tag })
      : shown.length >= MAX_TEXT_LANGUAGES ? ct('texts.tooMany', { max: MAX_TEXT_LANGUAGES })
      : undefined;
    showFieldErrors(adding, problem ? new ApiError(400, problem, [{ path: 'newLanguage', message: problem }]) : undefined);
    if (problem) return;
    shown.push(tag);
    groups.append(group(tag, false));
    tagInput.value = '';
    offer();
    control(`title.${tag}`)!.focus();
  });
  // Enter in the tag box adds the language rather than submitting the session.
  tagInput.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    add.click();
  });

  return {
    element,
    show(languages, texts) {
      shown = [...languages];
      replace(groups, shown.map((tag, i) => group(tag, i === 0)));
      for (const tag of shown) for (const name of TEXT_FIELDS) control(`${name}.${tag}`)!.value = texts[`${name}.${tag}`] ?? '';
      offer();
    },
    read() {
      const texts: Texts = {};
      for (const tag of shown) {
        for (const name of TEXT_FIELDS) {
          const value = control(`${name}.${tag}`)!.value.trim();
          if (value !== '') texts[`${name}.${tag}`] = value;
        }
      }
      return texts;
    },
    languages: () => [...shown],
  };
}
