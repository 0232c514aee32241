import { UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../i18n/languages';
import { useLang } from '../i18n/use-lang';
import { changeLanguage } from '../lib/auth';
import { useErrorMessage } from '../lib/use-error-message';
import classes from './LanguageSwitch.module.css';

/** Language names in their own language, so everyone finds theirs. */
const OPTIONS: readonly { value: Lang; label: string; name: string }[] = [
  { value: 'de', label: 'DE', name: 'Deutsch' },
  { value: 'en', label: 'EN', name: 'English' },
];

const STEP: Partial<Record<string, number>> = {
  ArrowRight: 1,
  ArrowDown: 1,
  ArrowLeft: -1,
  ArrowUp: -1,
};

/**
 * DE/EN switch following the ARIA radio group pattern: a group labelled "Sprache"/"Language"
 * with one radio per language, named by its visible text ("DE", "EN"); Tab reaches the current
 * language, the arrow keys change it. Real buttons (not visually hidden inputs) so that clicks on
 * the visible text, taps and automation all hit the control itself. Signed in, the choice is
 * saved in the profile (PATCH /me), so it holds on every device and for mails too.
 */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const current = useLang();
  const buttons = useRef(new Map<Lang, HTMLButtonElement>());
  const errorMessage = useErrorMessage();

  function setLanguage(lang: Lang) {
    changeLanguage(lang).catch((error: unknown) => {
      notifications.show({
        color: 'red',
        title: t('language.saveFailed'),
        message: errorMessage(error),
      });
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const count = OPTIONS.length;
    let target: number | undefined;
    if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = count - 1;
    else {
      const step = STEP[event.key];
      if (step !== undefined) target = (index + step + count) % count;
    }
    const next = target === undefined ? undefined : OPTIONS[target];
    if (!next) return;
    event.preventDefault();
    setLanguage(next.value);
    buttons.current.get(next.value)?.focus();
  }

  return (
    <div
      role="radiogroup"
      aria-label={t('language.label')}
      data-testid="language-switch"
      className={classes.root}
    >
      {OPTIONS.map(({ value, label, name }, index) => {
        const checked = value === current;
        return (
          <UnstyledButton
            key={value}
            ref={(node: HTMLButtonElement | null) => {
              if (node) buttons.current.set(value, node);
              else buttons.current.delete(value);
            }}
            type="button"
            role="radio"
            aria-checked={checked}
            tabIndex={checked ? 0 : -1}
            lang={value}
            title={name}
            data-value={value}
            className={classes.option}
            onClick={() => {
              if (!checked) setLanguage(value);
            }}
            onKeyDown={(event: KeyboardEvent<HTMLButtonElement>) => onKeyDown(event, index)}
          >
            {label}
          </UnstyledButton>
        );
      })}
    </div>
  );
}
