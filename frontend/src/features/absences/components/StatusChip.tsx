import { Badge } from '@mantine/core';
import { statusChip, type AbsenceStatus } from '../absence-logic';
import { useAbsenceTexts } from '../use-absence-texts';

/** Beantragt / Vorläufig genehmigt / Genehmigt / Abgelehnt / Storno beantragt / Storniert. */
export function StatusChip({ status }: { status: AbsenceStatus }) {
  const texts = useAbsenceTexts();
  const chip = statusChip(status);
  return (
    <Badge
      color={chip.color}
      variant={chip.variant}
      size="md"
      radius="sm"
      data-testid="absence-status"
      data-status={status}
      // Outlined light badges need darker text for 4.5:1 contrast.
      c={chip.variant === 'filled' ? undefined : `${chip.color}.9`}
      style={{ flexShrink: 0 }}
    >
      {texts.status(status)}
    </Badge>
  );
}
