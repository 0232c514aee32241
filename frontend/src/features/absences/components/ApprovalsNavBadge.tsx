import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useInbox } from '../api/absences';
import { useHeldIds } from '../deferred-decisions';

/** The number of decisions waiting, for the approvers' counts (navigation, dashboard). */
export function usePendingApprovals(enabled: boolean): number | null {
  const inbox = useInbox(enabled);
  const held = useHeldIds();
  if (!enabled || !inbox.data) return null;
  return inbox.data.filter((i) => !held.has(i.absence.id)).length;
}

/** The count next to "Genehmigungen" in the navigation; nothing when all is done. */
export function ApprovalsNavBadge() {
  const { t } = useTranslation();
  const count = usePendingApprovals(true);
  if (!count) return null;
  return (
    <Badge
      size="sm"
      variant="filled"
      circle
      aria-label={t('approvals.badge', { count })}
      data-testid="approvals-badge"
    >
      {count}
    </Badge>
  );
}
