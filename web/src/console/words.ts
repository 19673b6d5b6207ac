/**
 * The console's words, Korean first, in its own chunk (attendees never load
 * them), in two parts by what they name. As in ../i18n.ts, each part's `en`
 * is typed by the keys of its `ko`, so a missing translation does not compile.
 */
import { fill, lang } from '../i18n';
import * as catalogue from './words-catalogue';
import * as operations from './words-operations';

const ko = { ...catalogue.ko, ...operations.ko };

export type ConsoleKey = keyof typeof ko;

const messages: Record<'ko' | 'en', Record<ConsoleKey, string>> = { ko, en: { ...catalogue.en, ...operations.en } };

/** A console message in the page's language, `{name}` placeholders filled in. */
export const ct = (key: ConsoleKey, vars: Record<string, string | number> = {}) => fill(messages[lang()][key], vars);
