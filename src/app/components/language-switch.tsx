// The language switch of the sign-in and settings screens: it switches at once and is kept on the
// phone (the sign-in screen may show before Dexie has loaded: the switch waits for it to write). Each language is named in itself, as in every catalogue.
import { LANGUAGES, setLanguage, type Language } from '../../db/settings.ts';
import { useNotebook } from '../shell/db-context.ts';
import { useLanguage, useT } from '../i18n/i18n.ts';
import { vi } from '../i18n/vi.ts';

export function LanguageSwitch() {
  const t = useT();
  const notebook = useNotebook();
  const language = useLanguage();
  return (
    <div class="field">
      <p class="label" id="language-label">
        {t.settings.language}
      </p>
      <div class="segmented" role="group" aria-labelledby="language-label">
        {LANGUAGES.map((l: Language) => (
          <button
            key={l}
            type="button"
            lang={l}
            class="segment"
            aria-pressed={language === l}
            onClick={() => void notebook.open().then((db) => setLanguage(db, l))}
          >
            {vi.language[l]}
          </button>
        ))}
      </div>
    </div>
  );
}
