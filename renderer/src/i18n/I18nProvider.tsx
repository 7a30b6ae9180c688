/** Holds the chosen language, keeps it in localStorage and on `<html lang>`. */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '../../../shared/messages';
import { I18nContext, STORAGE_KEY, storedLocale, wordsFor, type I18n } from './i18n';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => storedLocale(window.localStorage));
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // storage refused (private mode): the choice lasts this page
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(() => ({ ...wordsFor(locale), setLocale }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
