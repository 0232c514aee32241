import { ActionIcon, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { useLang } from '../../i18n/use-lang';
import { formatDate, formatDays, localeOf } from '../../lib/format';
import { useVacationAccount, type VacationAccount } from './api/vacation';
import { AccountFigure } from './components/AccountFigure';
import { YEAR_RANGE, accountFormula, accountSentence } from './vacation-logic';

/** A number of days without unit, "1,5" / "1.5". */
function useNumber() {
  const lang = useLang();
  const format = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 2 });
  return (n: number) => format.format(n);
}

/** The sentence on top: "Es verbleiben 14 Urlaubstage, davon 5 Resturlaub – verfällt am 31.03.". */
export function AccountSentence({ account }: { account: VacationAccount }) {
  const { t } = useTranslation();
  const lang = useLang();
  const number = useNumber();
  const s = accountSentence(account);
  let text: string;
  switch (s.kind) {
    case 'none':
      text = t('vacation.sentence.none');
      break;
    case 'overdrawn':
      text = t('vacation.sentence.overdrawn', { days: number(s.days) });
      break;
    case 'plain':
      text = t('vacation.sentence.plain', { count: s.remaining, days: number(s.remaining) });
      break;
    case 'keeps':
      text = t('vacation.sentence.keeps', {
        count: s.remaining,
        days: number(s.remaining),
        carried: number(s.carried),
      });
      break;
    case 'expiring':
      text = t('vacation.sentence.expiring', {
        count: s.remaining,
        days: number(s.remaining),
        carried: number(s.carried),
        date: formatDate(s.expiresOn, lang),
      });
      break;
  }
  return (
    <Text size="lg" fw={600} data-testid="vacation-sentence">
      {text}
    </Text>
  );
}

function Figures({ account }: { account: VacationAccount }) {
  const { t } = useTranslation();
  const lang = useLang();
  const number = useNumber();
  const days = (n: number) => formatDays(n, lang);
  const { totals, entitlement } = account;
  const { computed, override } = entitlement;
  const absences = (which: 'taken' | 'planned') => account.absences.filter((a) => a[which] > 0);
  // A carried-over block, explained alike under "Resturlaub" and under "Verfallen".
  const carryBlock = (b: (typeof account.carriedOver)[number]) =>
    t('vacation.explain.block', {
      year: b.fromYear,
      days: days(b.days),
      expiry: b.expiresOn
        ? t('vacation.explain.expiresOn', { date: formatDate(b.expiresOn, lang) })
        : t('vacation.explain.neverExpires'),
      used: number(b.used),
      expired: number(b.expired),
      remaining: number(b.remaining),
    });
  return (
    <Stack gap="xs">
      <AccountFigure
        label={t('vacation.figure.entitlement')}
        value={days(totals.entitlement)}
        testId="vacation-figure-entitlement"
      >
        <Stack gap={4}>
          <span>
            {t('vacation.explain.contract', {
              days: number(computed.contractDays),
              source: t(`vacation.explain.source.${computed.contractSource}`),
              perWeek: number(computed.workingDaysPerWeek),
              fullYear: number(computed.fullYear),
            })}
          </span>
          <span>
            {t(`vacation.explain.rule.${computed.rule}`, {
              months: computed.months ?? 0,
              exact: number(computed.exact),
              days: number(computed.days),
            })}
          </span>
          <span>{t('vacation.explain.minimum', { days: days(computed.statutoryMinimum) })}</span>
          {override && (
            <span data-testid="vacation-override">
              {t('vacation.explain.override', {
                days: days(override.days),
                by: override.setBy?.name ?? t('vacation.explain.nobody'),
                date: formatDate(override.setAt, lang),
                reason: override.reason,
                computed: days(computed.days),
              })}
            </span>
          )}
        </Stack>
      </AccountFigure>
      <AccountFigure
        label={t('vacation.figure.carriedOver')}
        value={days(totals.carriedOver)}
        testId="vacation-figure-carried"
      >
        {account.carriedOver.length === 0 ? (
          t('vacation.explain.noCarry')
        ) : (
          <Stack gap={4}>
            {account.carriedOver.map((b) => (
              <span key={b.fromYear}>{carryBlock(b)}</span>
            ))}
          </Stack>
        )}
      </AccountFigure>
      <AccountFigure
        label={t('vacation.figure.adjustments')}
        value={days(totals.adjustments)}
        testId="vacation-figure-adjustments"
      >
        {account.adjustments.length === 0 ? (
          t('vacation.explain.noAdjustments')
        ) : (
          <Stack gap={4}>
            {account.adjustments.map((a) => (
              <span key={a.id}>
                {t('vacation.explain.adjustment', {
                  days: a.days > 0 ? `+${days(a.days)}` : days(a.days),
                  reason: a.reason,
                  by: a.createdBy?.name ?? t('vacation.explain.system'),
                  date: formatDate(a.createdAt, lang),
                })}
              </span>
            ))}
          </Stack>
        )}
      </AccountFigure>
      {(['taken', 'planned'] as const).map((which) => (
        <AccountFigure
          key={which}
          label={t(`vacation.figure.${which}`)}
          value={days(totals[which])}
          testId={`vacation-figure-${which}`}
        >
          <Stack gap={4}>
            {absences(which).length === 0
              ? t('vacation.explain.noAbsences')
              : absences(which).map((a) => (
                  <span key={a.id}>
                    {t('vacation.explain.absence', {
                      from: formatDate(a.startDay, lang),
                      to: formatDate(a.endDay ?? a.startDay, lang),
                      days: days(a[which]),
                    })}
                    {a.status === 'requested' || a.status === 'pre_approved'
                      ? ` (${t('vacation.explain.pending')})`
                      : ''}
                  </span>
                ))}
            {which === 'planned' && <span>{t('vacation.explain.plannedNote')}</span>}
          </Stack>
        </AccountFigure>
      ))}
      {totals.expired > 0 && (
        <AccountFigure
          label={t('vacation.figure.expired')}
          value={days(totals.expired)}
          testId="vacation-figure-expired"
        >
          <Stack gap={4}>
            {account.carriedOver
              .filter((b) => b.expired > 0)
              .map((b) => (
                <span key={b.fromYear}>{carryBlock(b)}</span>
              ))}
          </Stack>
        </AccountFigure>
      )}
      <AccountFigure
        label={t('vacation.figure.remaining')}
        value={days(totals.remaining)}
        strong
        testId="vacation-figure-remaining"
      >
        <Stack gap={4}>
          <span>{t('vacation.explain.formula')}</span>
          <span className="tm-num">{accountFormula(totals, number)}</span>
        </Stack>
      </AccountFigure>
    </Stack>
  );
}

/**
 * The Urlaubskonto of a person (default: the signed-in one): the one sentence first, then
 * Anspruch, Resturlaub, Korrekturen, genommen, geplant, verbleibend – each opens its
 * explanation – with ‹ › for the year. Embeddable (the absences page may show it as a section);
 * pass `year`/`onYearChange` to keep the year in the URL, or leave them out.
 */
export function VacationAccountCard({
  userId = null,
  year: controlledYear,
  onYearChange,
}: {
  userId?: string | null;
  year?: number | null;
  onYearChange?: (year: number) => void;
}) {
  const { t } = useTranslation();
  const [ownYear, setOwnYear] = useState<number | null>(null);
  const year = controlledYear === undefined ? ownYear : controlledYear;
  const account = useVacationAccount(userId, year);
  const shown = account.data?.year ?? year;
  const go = (next: number) => (onYearChange ? onYearChange(next) : setOwnYear(next));

  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      component="section"
      aria-labelledby="vacation-year"
    >
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h3" id="vacation-year">
            {shown ? t('vacation.year', { year: shown }) : t('vacation.title')}
          </Title>
          {shown && (
            <Group gap={4} wrap="nowrap">
              <ActionIcon
                variant="default"
                size={44}
                aria-label={t('vacation.previousYear')}
                disabled={shown <= YEAR_RANGE.min}
                onClick={() => go(shown - 1)}
                data-testid="vacation-year-previous"
              >
                ‹
              </ActionIcon>
              <ActionIcon
                variant="default"
                size={44}
                aria-label={t('vacation.nextYear')}
                disabled={shown >= YEAR_RANGE.max}
                onClick={() => go(shown + 1)}
                data-testid="vacation-year-next"
              >
                ›
              </ActionIcon>
            </Group>
          )}
        </Group>
        {account.isError ? (
          <ErrorAlert
            error={account.error}
            onRetry={() => void account.refetch()}
            retrying={account.isFetching}
          />
        ) : !account.data ? (
          <LoadingBlock label={t('vacation.loading')} rows={5} height={44} />
        ) : (
          <>
            <AccountSentence account={account.data} />
            <Figures account={account.data} />
          </>
        )}
      </Stack>
    </Paper>
  );
}
