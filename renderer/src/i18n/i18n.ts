/**
 * The console's language: the catalogue's messages and the `Intl` formatting of one locale,
 * handed to components by `useI18n()` and to the pure models as an argument. The choice is
 * kept in localStorage; pt-BR is the default.
 */
import { createContext, useContext } from 'react';
import { DEFAULT_LOCALE, messages, toLocale, type Locale, type Messages } from '../../../shared/messages';
import { formatterFor, type Formatter } from '../format';

export interface Words {
  locale: Locale;
  /** the catalogue in this locale */
  m: Messages;
  /** numbers, dates and durations in this locale */
  f: Formatter;
}

export interface I18n extends Words {
  setLocale(locale: Locale): void;
}

export const STORAGE_KEY = 'carteira.locale';

const cache = new Map<Locale, Words>();
export function wordsFor(locale: Locale): Words {
  let words = cache.get(locale);
  if (!words) cache.set(locale, (words = { locale, m: messages[locale], f: formatterFor(locale) }));
  return words;
}

/** The stored choice, else pt-BR (the operators' language, whatever the browser says). */
export function storedLocale(storage: { getItem(key: string): string | null } | undefined): Locale {
  try {
    return toLocale(storage?.getItem(STORAGE_KEY));
  } catch {
    return DEFAULT_LOCALE;
  }
}

export const I18nContext = createContext<I18n>({ ...wordsFor(DEFAULT_LOCALE), setLocale: () => undefined });

export function useI18n(): I18n {
  return useContext(I18nContext);
}
