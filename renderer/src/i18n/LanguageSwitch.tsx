/** pt-BR / EN: the language of the console (the engine's log lines stay as they are). */
import { LOCALES, messages } from '../../../shared/messages';
import { useI18n } from './i18n';

export function LanguageSwitch() {
  const { locale, m, setLocale } = useI18n();
  return (
    <div className="segmented lang" role="group" aria-label={m.language}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          className={option === locale ? 'on' : ''}
          aria-pressed={option === locale}
          title={messages[option].languageName}
          onClick={() => setLocale(option)}
          data-testid={`lang-${option}`}
        >
          {option === 'pt-BR' ? 'PT' : 'EN'}
        </button>
      ))}
    </div>
  );
}
