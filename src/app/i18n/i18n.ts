// The interface language as a context: screens read `useT()` and never pick a catalogue themselves.
// Vietnamese is in the first bundle; English is loaded the first time it is chosen.
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { Language } from '../../db/settings.ts';
import { vi, type Messages } from './vi.ts';

/** Catalogues loaded so far; a catalogue never changes once loaded. */
const loaded: Partial<Record<Language, Messages>> = { vi };

function loadCatalogue(language: Language): Promise<Messages> {
  return language === 'vi' ? Promise.resolve(vi) : import('./en.ts').then((m) => (loaded.en = m.en));
}

/**
 * The catalogue of `language`, or undefined while the first one loads. On a switch the previous
 * catalogue stays on screen for the moment the next one takes to load.
 */
export function useCatalogue(language: Language | undefined): Messages | undefined {
  const [shown, setShown] = useState<Messages | undefined>(language && loaded[language]);
  useEffect(() => {
    if (!language) return;
    let current = true;
    void loadCatalogue(language).then((messages) => current && setShown(messages));
    return () => {
      current = false;
    };
  }, [language]);
  return (language && loaded[language]) ?? shown;
}

export const MessagesContext = createContext<Messages>(vi);
export const LanguageContext = createContext<Language>('vi');

export function useLanguage(): Language {
  return useContext(LanguageContext);
}

export function useT(): Messages {
  return useContext(MessagesContext);
}
