import {
  Button,
  Chip,
  Collapse,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n/use-lang';
import { useSignedInUser } from '../../lib/auth';
import { dayIn } from '../../lib/calendar';
import { formatDate } from '../../lib/format';
import type { Illness, Sickness } from './api/sick-notes';
import { useSicknessList } from './api/sick-notes';
import { CertificateState, SickNoteUpload } from './components/SickNoteUpload';
import { PERIODS, periodRange, type Period } from './sick-note-files';

function browserToday(): string {
  return dayIn(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** "Entgeltfortzahlung: 5 von 42 Tagen, endet am …" for the illness a sickness belongs to. */
function ContinuedPay({ illness }: { illness: Illness | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!illness) {
    return (
      <Text size="sm" c="dimmed">
        {t('sickNotes.pay.none')}
      </Text>
    );
  }
  const used = t('sickNotes.pay.used', { paid: illness.paidDays, left: illness.remainingDays });
  const end = illness.payEndsOn
    ? t(illness.payEndsOnProjected ? 'sickNotes.pay.endsIfOngoing' : 'sickNotes.pay.ended', {
        date: formatDate(illness.payEndsOn, lang),
      })
    : '';
  return (
    <Text size="sm" c={illness.remainingDays === 0 ? 'orange.8' : undefined}>
      {t('sickNotes.pay.label')}: {used}
      {end && ` · ${end}`}
    </Text>
  );
}

function SicknessCard({
  sickness,
  illness,
  showPerson,
  mayHandleNotes,
  today,
  open,
  onToggle,
}: {
  sickness: Sickness;
  illness: Illness | undefined;
  showPerson: boolean;
  mayHandleNotes: boolean;
  today: string;
  open: boolean;
  onToggle: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [open]);
  const period = `${formatDate(sickness.from, lang)} – ${
    sickness.to ? formatDate(sickness.to, lang) : t('sickNotes.ongoing')
  }`;
  const ended = sickness.to !== null && sickness.to < today;
  return (
    <Paper withBorder p="md" radius="md" ref={ref} data-testid="sickness">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={2} miw={0}>
            {showPerson && (
              <Title order={3} size="h4">
                {sickness.user.name}
              </Title>
            )}
            <Text size="sm">
              {sickness.type.name[lang]} · {period}
            </Text>
          </Stack>
          <CertificateState certificate={sickness.certificate} />
        </Group>
        <ContinuedPay illness={illness} />
        {mayHandleNotes && (
          <>
            <Group>
              <Button variant="default" size="xs" mih={44} onClick={onToggle} aria-expanded={open}>
                {open
                  ? t('sickNotes.hideNotes')
                  : t('sickNotes.showNotes', { count: sickness.certificate.notes })}
              </Button>
            </Group>
            <Collapse expanded={open}>
              {open && (
                <SickNoteUpload
                  absenceId={sickness.absenceId}
                  certificate={sickness.certificate}
                  ended={ended}
                />
              )}
            </Collapse>
          </>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * "Krankmeldungen": the company's recorded sickness with the certificate state and the 6-week
 * continued-pay counter (admins, who also upload on behalf and download); managers see their
 * team's states without documents, everyone else their own sickness with upload.
 */
export function SickNotesPage() {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const [params, setParams] = useSearchParams();
  const [period, setPeriod] = useState<Period>('recent');
  const [onlyMissing, setOnlyMissing] = useState(false);
  const today = useMemo(() => browserToday(), []);
  const range = useMemo(() => periodRange(period, today), [period, today]);
  const list = useSicknessList(range);
  const openId = params.get('absence');
  const isAdmin = user.role === 'admin';

  const illnesses = useMemo(
    () => new Map((list.data?.illnesses ?? []).map((i) => [i.illnessId, i])),
    [list.data],
  );
  const shown = (list.data?.sicknesses ?? []).filter(
    (s) => !onlyMissing || (s.certificate.required && !s.certificate.received),
  );

  const toggle = (absenceId: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (next.get('absence') === absenceId) next.delete('absence');
        else next.set('absence', absenceId);
        return next;
      },
      { replace: true },
    );

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('sickNotes.title')}
        description={isAdmin ? t('sickNotes.descriptionAdmin') : t('sickNotes.descriptionOwn')}
      />
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          value={period}
          onChange={setPeriod}
          data={PERIODS.map((p) => ({ value: p, label: t(`sickNotes.period.${p}`) }))}
          aria-label={t('sickNotes.period.label')}
        />
        <Chip checked={onlyMissing} onChange={setOnlyMissing}>
          {t('sickNotes.onlyMissing')}
        </Chip>
      </Group>
      {list.isPending ? (
        <LoadingBlock label={t('sickNotes.loading')} />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : shown.length === 0 ? (
        <Text c="dimmed">{t('sickNotes.empty')}</Text>
      ) : (
        <Stack gap="sm">
          {shown.map((sickness) => (
            <SicknessCard
              key={sickness.absenceId}
              sickness={sickness}
              illness={
                sickness.continuedPay ? illnesses.get(sickness.continuedPay.illnessId) : undefined
              }
              showPerson={user.role !== 'employee'}
              // Documents: the person and admins only (managers never).
              mayHandleNotes={isAdmin || sickness.user.id === user.id}
              today={list.data.today}
              open={openId === sickness.absenceId}
              onToggle={() => toggle(sickness.absenceId)}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
