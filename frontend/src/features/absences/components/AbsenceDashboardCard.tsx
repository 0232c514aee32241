import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSignedInUser } from '../../../lib/auth';
import { PATHS } from '../../../lib/navigation';
import { requestLink } from '../absence-logic';
import { AbsenceFormLauncher } from './AbsenceFormLauncher';
import { usePendingApprovals } from './ApprovalsNavBadge';

/**
 * The dashboard's absence corner: "Abwesenheit beantragen" (the form opens right here), and for
 * approvers how many decisions wait, linking to the inbox.
 */
export function AbsenceDashboardCard() {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const approver = user.role === 'manager' || user.role === 'admin';
  const pending = usePendingApprovals(approver);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="absence-card-title">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id="absence-card-title">
            {t('absences.dashboard.title')}
          </Title>
          <Anchor component={Link} to={PATHS.absences} size="sm" mih={44} py={12}>
            {t('absences.dashboard.mine')}
          </Anchor>
        </Group>
        <Button
          component={Link}
          to={requestLink(PATHS.home)}
          mih={44}
          fullWidth
          variant="light"
          data-testid="dashboard-request-absence"
        >
          {t('absences.request')}
        </Button>
        {approver && pending !== null && (
          <Anchor
            component={Link}
            to={PATHS.approvals}
            mih={44}
            py={10}
            data-testid="dashboard-approvals"
          >
            <Text span fw={600}>
              {pending === 0
                ? t('absences.dashboard.noApprovals')
                : t('absences.dashboard.approvals', { count: pending })}
            </Text>
          </Anchor>
        )}
      </Stack>
      <AbsenceFormLauncher />
    </Paper>
  );
}
