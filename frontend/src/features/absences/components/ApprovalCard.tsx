import { Anchor, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Num } from '../../../components/Num';
import { formatDayNumber, type InboxItem } from '../absence-logic';
import { useAbsenceTexts } from '../use-absence-texts';
import { TypeDot } from './OwnAbsenceCard';
import { StatusChip } from './StatusChip';

/**
 * One decision in the inbox: who, what, when, how many days, what is left of their vacation
 * afterwards, the Vertretung, their note, how many of the team are away too. Approve is one
 * tap (a comment is optional); reject asks for a reason.
 */
export function ApprovalCard({
  item,
  selected,
  onFocus,
  onApprove,
  onReject,
  ref,
}: {
  item: InboxItem;
  selected: boolean;
  onFocus: () => void;
  onApprove: (comment?: string) => void;
  onReject: () => void;
  ref?: Ref<HTMLLIElement>;
}) {
  const { t } = useTranslation();
  const texts = useAbsenceTexts();
  const [commenting, setCommenting] = useState(false);
  const [comment, setComment] = useState('');
  const { absence } = item;
  const cancellation = item.kind === 'cancellation';
  const titleId = `approval-${absence.id}`;

  return (
    <Paper
      ref={ref}
      withBorder
      p="md"
      component="li"
      tabIndex={0}
      onFocus={onFocus}
      aria-labelledby={titleId}
      style={{
        listStyle: 'none',
        outline: selected ? '2px solid var(--mantine-primary-color-filled)' : undefined,
        outlineOffset: 2,
      }}
      data-testid="approval-card"
      data-absence-id={absence.id}
      data-selected={selected}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          <Text fw={700} id={titleId} miw={0} style={{ overflowWrap: 'anywhere' }}>
            {absence.userName}
          </Text>
          <StatusChip status={absence.status} />
        </Group>
        <Group gap="xs" wrap="nowrap">
          <TypeDot color={absence.type.color} />
          <Text size="sm" fw={500}>
            {absence.type.name[texts.lang]}
          </Text>
        </Group>
        <Text size="sm">{texts.range(absence)}</Text>
        {absence.days !== null && (
          <Text size="sm">
            <Num>{texts.workingDays(absence.days)}</Num>
          </Text>
        )}
        {!cancellation &&
          item.remainingAfter.map((r) => (
            <Text
              key={r.year}
              size="sm"
              c={r.days < 0 ? 'red.8' : 'dimmed'}
              data-testid="approval-remaining"
            >
              <Num>
                {t('approvals.remainingAfter', {
                  year: r.year,
                  left: formatDayNumber(r.days, texts.lang),
                })}
              </Num>
            </Text>
          ))}
        {absence.substitute && (
          <Text size="sm">
            {t('absences.card.substitute', { name: absence.substitute.name })}
            {absence.substituteNote ? ` – ${absence.substituteNote}` : ''}
          </Text>
        )}
        {absence.note && (
          <Text size="sm" c="dimmed">
            {t('absences.card.note', { text: absence.note })}
          </Text>
        )}
        {cancellation && absence.cancelReason && (
          <Text size="sm">{t('absences.card.cancelReason', { text: absence.cancelReason })}</Text>
        )}
        <Text
          size="sm"
          c={item.othersAbsent > 0 ? 'orange.9' : 'dimmed'}
          data-testid="others-absent"
        >
          {t('approvals.othersAbsent', { count: item.othersAbsent })}
        </Text>

        {commenting ? (
          <Textarea
            size="md"
            label={t('approvals.comment')}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            maxLength={2000}
            autosize
            minRows={2}
            data-testid="approve-comment"
          />
        ) : (
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => setCommenting(true)}
            mih={44}
            ta="left"
          >
            {t('approvals.addComment')}
          </Anchor>
        )}
        <Group gap="xs" grow preventGrowOverflow={false}>
          <Button
            mih={44}
            color="green"
            onClick={() => onApprove(comment.trim() || undefined)}
            data-testid="approve"
          >
            {cancellation ? t('approvals.approveCancellation') : t('approvals.approve')}
          </Button>
          <Button mih={44} variant="default" onClick={onReject} data-testid="reject">
            {cancellation ? t('approvals.rejectCancellation') : t('approvals.reject')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
