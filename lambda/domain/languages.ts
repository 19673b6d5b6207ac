/**
 * Text in several languages (docs/data-model.md, "Languages"): a session's
 * title and abstract are stored as the text of its own language in `title`
 * and `abstract` (what every reader that knows nothing of languages keeps
 * reading), that language in `textLanguage`, and the other languages in
 * `translations`. A client writes either a plain string (the event's default
 * language) or `{"ko": …, "en": …}`; a reader asks with `?lang=` or
 * Accept-Language and gets the first language the session has, else its own.
 */
import { FALLBACK_LANGUAGE, LANGUAGE_TAG } from './vocabulary';

/** What a client writes: one string (the event's default language) or a text per language tag. */
export type LocalizedText = string | Readonly<Record<string, string>>;

/** A session's text in one of its other languages; either part may be missing (then its own language's shows). */
export interface Translation {
  title?: string;
  abstract?: string;
}

/** How a session's texts are stored. */
export interface StoredTexts {
  title: string;
  abstract: string;
  /** The language of `title` and `abstract`; absent on sessions stored before languages (they read as the event's default). */
  textLanguage?: string;
  translations?: Record<string, Translation>;
}

/** Language tags compare without case (RFC 5646 §2.1.1); stored and shown lower-case, the region upper-case as written usually. */
export function normaliseTag(tag: string): string {
  return tag
    .split('-')
    .map((part, i) => (i === 0 ? part.toLowerCase() : part.length === 2 ? part.toUpperCase() : part))
    .join('-');
}

const asMap = (text: LocalizedText | undefined, defaultLanguage: string): Record<string, string> => {
  if (text === undefined) return {};
  if (typeof text === 'string') return { [defaultLanguage]: text };
  const map: Record<string, string> = {};
  for (const [tag, value] of Object.entries(text)) map[normaliseTag(tag)] = value;
  return map;
};

/**
 * The stored form of a title and abstract as written. The session's own
 * language is the event's default when the title has it, else the first
 * language the title gives.
 */
export function storedTexts(title: LocalizedText, abstract: LocalizedText | undefined, defaultLanguage: string): StoredTexts {
  const titles = asMap(title, defaultLanguage);
  const abstracts = asMap(abstract, defaultLanguage);
  const own = defaultLanguage in titles ? defaultLanguage : Object.keys(titles)[0] ?? defaultLanguage;
  const translations: Record<string, Translation> = {};
  for (const tag of new Set([...Object.keys(titles), ...Object.keys(abstracts)])) {
    if (tag === own) continue;
    translations[tag] = { ...(titles[tag] !== undefined ? { title: titles[tag] } : {}), ...(abstracts[tag] !== undefined ? { abstract: abstracts[tag] } : {}) };
  }
  return {
    title: titles[own] ?? '',
    abstract: abstracts[own] ?? '',
    textLanguage: own,
    ...(Object.keys(translations).length > 0 ? { translations } : {}),
  };
}

/**
 * The written form back from the stored one (what a PATCH merges into): a
 * plain string while the session has one language, else a map per field.
 */
export function writtenTexts(stored: StoredTexts, defaultLanguage: string): { title: LocalizedText; abstract: LocalizedText } {
  if (!stored.translations) return { title: stored.title, abstract: stored.abstract };
  const own = stored.textLanguage ?? defaultLanguage;
  const title: Record<string, string> = { [own]: stored.title };
  // The own language's abstract even when empty: a map of texts names at least one language.
  const abstract: Record<string, string> = { [own]: stored.abstract };
  for (const [tag, t] of Object.entries(stored.translations)) {
    if (t.title !== undefined) title[tag] = t.title;
    if (t.abstract !== undefined) abstract[tag] = t.abstract;
  }
  return { title, abstract };
}

/** Every language a session has text in, its own first. */
export function languagesOf(stored: StoredTexts, defaultLanguage = FALLBACK_LANGUAGE): string[] {
  return [stored.textLanguage ?? defaultLanguage, ...Object.keys(stored.translations ?? {})];
}

/** A field's text in every language the session has, one after another: what search indexes. */
export function everyText(stored: StoredTexts, field: 'title' | 'abstract'): string {
  let text = stored[field] ?? '';
  for (const translation of Object.values(stored.translations ?? {})) if (translation[field]) text += `\n${translation[field]}`;
  return text;
}

/** What a reader asked for: languages in order of preference, and the language of text stored without one. */
export interface LanguageChoice {
  wanted: readonly string[];
  /** The event's default language, when the reader has the event at hand; else FALLBACK_LANGUAGE. */
  defaultLanguage?: string;
}

export const NO_CHOICE: LanguageChoice = { wanted: [] };

/** A session's title and abstract in the first wanted language it has, else in its own; and which language that is. */
export function textsIn(stored: StoredTexts, choice: LanguageChoice): { title: string; abstract: string; language: string } {
  const own = stored.textLanguage ?? choice.defaultLanguage ?? FALLBACK_LANGUAGE;
  for (const wanted of choice.wanted) {
    const tag = pickTag(wanted, own, stored.translations);
    if (tag === own) break;
    if (tag !== undefined) {
      const t = stored.translations![tag]!;
      return { title: t.title ?? stored.title, abstract: t.abstract ?? stored.abstract, language: tag };
    }
  }
  return { title: stored.title, abstract: stored.abstract, language: own };
}

/** A stored session as shown in the chosen language: its title and abstract replaced, and which language they are in. */
export function inLanguage<T extends StoredTexts>(item: T, choice: LanguageChoice): T & { contentLanguage: string } {
  const { title, abstract, language } = textsIn(item, choice);
  return { ...item, title, abstract, contentLanguage: language };
}

/** The tag among the session's that answers `wanted`: the same tag, or its language alone (`en-US` takes `en`), or one of its regions (`en` takes `en-GB`). */
function pickTag(wanted: string, own: string, translations: Record<string, Translation> | undefined): string | undefined {
  const tags = [own, ...Object.keys(translations ?? {})];
  const lower = wanted.toLowerCase();
  const base = lower.split('-')[0]!;
  return (
    tags.find((t) => t.toLowerCase() === lower) ??
    tags.find((t) => t.toLowerCase() === base) ??
    tags.find((t) => t.toLowerCase().split('-')[0] === base)
  );
}

/** Most languages read from Accept-Language: a header is the client's to make long. */
const MAX_WANTED = 10;

/**
 * The languages a request asks for: `?lang=` (one tag) wins over
 * Accept-Language (RFC 9110 §12.5.4: by q-value, `*` and q=0 ignored).
 * Tags that are not language tags are skipped, as a header is advice.
 */
export function wantedLanguages(lang: string | undefined, acceptLanguage: string | undefined): string[] {
  if (lang !== undefined) return [normaliseTag(lang)];
  if (!acceptLanguage) return [];
  const ranked: { tag: string; q: number; i: number }[] = [];
  acceptLanguage.split(',').slice(0, 50).forEach((part, i) => {
    const [range, ...params] = part.trim().split(';');
    const tag = range?.trim() ?? '';
    if (!LANGUAGE_TAG.test(tag)) return;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0 && q <= 1)) return;
    ranked.push({ tag: normaliseTag(tag), q, i });
  });
  return ranked.sort((a, b) => b.q - a.q || a.i - b.i).slice(0, MAX_WANTED).map((r) => r.tag);
}
