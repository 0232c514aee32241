import { Anchor, Button, Collapse, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { PageHeader } from '../../components/PageHeader';
import { dayIn } from '../../lib/calendar';
import { PATHS } from '../../lib/navigation';
import { groupAbsences, requestLink, type Absence, type AbsenceType } from './absence-logic';
import { useAbsenceTypes, useCompanyZone, useMyAbsences } from './api/absences';
import { AbsenceFormLauncher } from './components/AbsenceFormLauncher';
import { OwnAbsenceCard } from './components/OwnAbsenceCard';
// The account is its own feature; this page is where a person reads it next to their absences.
import { VacationAccountCard } from '../vacation/VacationAccountCard';

/**
 * "Meine Abwesenheiten" (`/absences`): the vacation account first, then what waits for a
 * decision, what is coming up, and the past folded away. The request form opens over it.
 */
export function MyAbsencesPage() {
  const { t } = useTranslation();
  const absences = useMyAbsences();
  const types = useAbsenceTypes();
  const zone = useCompanyZone();
  const [showPast, setShowPast] = useState(false);
  const today = dayIn(new Date(), zone.data ?? 'Europe/Berlin');
  const typeById = new Map((types.data ?? []).map((x) => [x.id, x]));

  return (
    <Stack gap="lg" maw={880}>
      <PageHeader
        title={t('absences.title')}
        action={
          <Button
            component={Link}
            to={requestLink(PATHS.absences)}
            mih={44}
            data-testid="request-absence"
          >
            {t('absences.request')}
          </Button>
        }
      />
      {/* First the sentence "Es verbleiben 14 Urlaubstage, davon 5 Resturlaub – verfällt am 31.03." */}
      <VacationAccountCard />

      {absences.isError ? (
        <ErrorAlert error={absences.error} onRetry={() => void absences.refetch()} />
      ) : !absences.data ? (
        <LoadingBlock label={t('absences.loading')} />
      ) : absences.data.length === 0 ? (
        <Text c="dimmed" data-testid="absences-empty">
          {t('absences.empty')}
        </Text>
      ) : (
        <Groups absences={absences.data} typeById={typeById} today={today}>
          {(past) =>
            past.length > 0 && (
              <Stack gap="xs">
                <Anchor
                  component="button"
                  type="button"
                  onClick={() => setShowPast((v) => !v)}
                  aria-expanded={showPast}
                  aria-controls="absences-past"
                  mih={44}
                  ta="left"
                  data-testid="absences-past-toggle"
                >
                  {showPast
                    ? t('absences.groups.pastHide')
                    : t('absences.groups.pastShow', { count: past.length })}
                </Anchor>
                <Collapse expanded={showPast}>
                  <List id="absences-past" items={past} typeById={typeById} today={today} />
                </Collapse>
              </Stack>
            )
          }
        </Groups>
      )}
      <AbsenceFormLauncher />
    </Stack>
  );
}

function Groups({
  absences,
  typeById,
  today,
  children,
}: {
  absences: Absence[];
  typeById: Map<string, AbsenceType>;
  today: string;
  children: (past: Absence[]) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const groups = groupAbsences(absences, today);
  return (
    <>
      <section aria-labelledby="absences-pending-title" data-testid="absences-pending">
        <Title order={2} size="h4" id="absences-pending-title" mb="xs">
          {t('absences.groups.pending')}
        </Title>
        {groups.pending.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('absences.groups.pendingNone')}
          </Text>
        ) : (
          <List items={groups.pending} typeById={typeById} today={today} />
        )}
      </section>
      <section aria-labelledby="absences-upcoming-title" data-testid="absences-upcoming">
        <Title order={2} size="h4" id="absences-upcoming-title" mb="xs">
          {t('absences.groups.upcoming')}
        </Title>
        {groups.upcoming.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('absences.groups.upcomingNone')}
          </Text>
        ) : (
          <List items={groups.upcoming} typeById={typeById} today={today} />
        )}
      </section>
      {children(groups.past)}
    </>
  );
}

function List({
  items,
  typeById,
  today,
  id,
}: {
  items: Absence[];
  typeById: Map<string, AbsenceType>;
  today: string;
  id?: string;
}) {
  return (
    <Stack gap="sm" component="ul" p={0} m={0} id={id}>
      {items.map((a) => (
        <OwnAbsenceCard key={a.id} absence={a} type={typeById.get(a.type.id)} today={today} />
      ))}
    </Stack>
  );
}
