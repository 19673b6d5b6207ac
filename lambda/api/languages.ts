/**
 * Which language an answer is in: asked with `?lang=` or Accept-Language
 * (lambda/domain/languages.ts), said with Content-Language, and kept apart
 * by caches with Vary (the ETags of sessions in several languages carry the
 * language too: lambda/api/etags.ts).
 */
import { CatalogueError } from '../domain/errors';
import { wantedLanguages, type LanguageChoice } from '../domain/languages';
import { FALLBACK_LANGUAGE, LANGUAGE_TAG } from '../domain/vocabulary';
import type { ApiRequest } from './http';

/** The languages a request asks for; a `lang` that is not one language tag is a 400 naming it. */
export function askedLanguages(request: Pick<ApiRequest, 'query' | 'headers'>, lang: unknown = request.query.lang): string[] {
  if (lang !== undefined && (typeof lang !== 'string' || lang.length > 35 || !LANGUAGE_TAG.test(lang))) {
    throw new CatalogueError('invalid', 'The query is not valid', [
      { path: 'query.lang', message: Array.isArray(lang) ? `is given ${lang.length} times; give it once` : 'must be a language tag such as ko or en-US' },
    ]);
  }
  return wantedLanguages(lang as string | undefined, request.headers['accept-language']);
}

export function languageChoice(request: Pick<ApiRequest, 'query' | 'headers'>, defaultLanguage?: string): LanguageChoice {
  return { wanted: askedLanguages(request), ...(defaultLanguage ? { defaultLanguage } : {}) };
}

/**
 * Content-Language (the languages given, in order) and Vary for an answer
 * that depends on the asked language; an answer with no text in it (an empty
 * page) is in the language it would have given.
 */
export function languageHeaders(given: Iterable<string>, choice?: LanguageChoice): Record<string, string> {
  const languages = [...new Set(given)];
  if (languages.length === 0) languages.push(choice?.wanted[0] ?? choice?.defaultLanguage ?? FALLBACK_LANGUAGE);
  return { 'content-language': languages.join(', '), vary: 'Accept-Language' };
}
