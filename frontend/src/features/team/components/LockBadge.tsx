import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LockStatus } from '../team-month';

/**
 * The month's closing state as a labelled badge: open outlined, handed in light, approved
 * solid with a tick (the word carries the meaning, UX.md rule 3).
 */
export function LockBadge({ lock }: { lock: LockStatus }) {
  const { t } = useTranslation();
  const look = {
    open: { variant: 'outline', color: 'gray' },
    submitted: { variant: 'light', color: 'brand' },
    approved: { variant: 'filled', color: 'green' },
  }[lock];
  return (
    <Badge
      variant={look.variant}
      color={look.color}
      leftSection={lock === 'approved' ? <span aria-hidden="true">✓</span> : undefined}
      style={{ flex: 'none', overflow: 'visible' }}
      styles={{ label: { overflow: 'visible' } }}
      data-testid="lock-badge"
      data-lock={lock}
    >
      {t(`teamMonth.lock.${lock}`)}
    </Badge>
  );
}
