import { Anchor, Group, Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Num } from '../../components/Num';
import { useLang } from '../../i18n/use-lang';
import { formatDays } from '../../lib/format';
import { PATHS } from '../../lib/navigation';
import { useVacationAccount } from './api/vacation';
import { AccountSentence } from './VacationAccountCard';

/** The dashboard's Resturlaub: the days left this year and the sentence, linking to the account. */
export function VacationSummary() {
  const { t } = useTranslation();
  const lang = useLang();
  const account = useVacationAccount(null, null);
  // The dashboard stays calm: no skeleton or error box for a secondary figure.
  if (!account.data) return null;
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="vacation-summary-title"
      data-testid="vacation-summary"
    >
      <Group justify="space-between" align="center" wrap="nowrap">
        <Title order={2} size="h4" id="vacation-summary-title">
          {t('vacation.dashboard.label')}
        </Title>
        <Num style={{ fontWeight: 700, fontSize: '1.25rem' }}>
          {formatDays(account.data.totals.remaining, lang)}
        </Num>
      </Group>
      <Text size="sm" mt={4} component="div">
        <AccountSentence account={account.data} />
      </Text>
      <Anchor component={Link} to={PATHS.vacation} display="inline-block" mih={44} py={10}>
        {t('vacation.dashboard.open')}
      </Anchor>
    </Paper>
  );
}
