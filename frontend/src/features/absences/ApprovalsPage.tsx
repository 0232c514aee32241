import { Badge, Box, Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { PageHeader } from '../../components/PageHeader';
import { useSignedInUser } from '../../lib/auth';
import type { InboxItem } from './absence-logic';
import { postDecision, refreshAfterAbsenceChange, useInbox, type Decision } from './api/absences';
import { ApprovalCard } from './components/ApprovalCard';
import { AbsenceFormLauncher } from './components/AbsenceFormLauncher';
import { RejectDialog } from './components/RejectDialog';
import { hold, release, undo, useHeldIds } from './deferred-decisions';
import { useAbsenceTexts } from './use-absence-texts';

/** How long an approval can be undone before it is sent. */
export const UNDO_MS = 5_000;

type Tab = InboxItem['kind'];

/**
 * Genehmigungen (`/approvals`): requests and cancellations waiting for the signed-in approver,
 * one card each. Approving takes one tap and can be undone for a few seconds; rejecting asks
 * for a reason. J/K move between cards, A approves, R rejects (outside text fields).
 */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const texts = useAbsenceTexts();
  const user = useSignedInUser();
  const queryClient = useQueryClient();
  const inbox = useInbox();
  const heldIds = useHeldIds();
  const [tab, setTab] = useState<Tab>('request');
  const [selected, setSelected] = useState(0);
  const [rejecting, setRejecting] = useState<InboxItem | null>(null);
  const cards = useRef<(HTMLElement | null)[]>([]);

  const visible = (inbox.data ?? []).filter((i) => !heldIds.has(i.absence.id));
  const requests = visible.filter((i) => i.kind === 'request');
  const cancellations = visible.filter((i) => i.kind === 'cancellation');
  const items = tab === 'request' ? requests : cancellations;
  // After a decision the list is shorter: the selection stays on the last card.
  const active = Math.max(0, Math.min(selected, items.length - 1));
  const current = items[active];

  /** Sends a decision; refreshes the inbox either way, reports a refusal. */
  async function send(decision: Decision, item: InboxItem) {
    try {
      const result = await postDecision(decision);
      if (result.status === 'pre_approved')
        notifications.show({
          color: 'blue',
          title: t('approvals.toast.preApproved'),
          message: `${item.absence.userName}, ${texts.range(item.absence)}`,
        });
    } catch (error) {
      notifications.show({
        color: 'red',
        title: t('approvals.toast.failed', { name: item.absence.userName }),
        message: texts.error(error),
      });
    } finally {
      await refreshAfterAbsenceChange(queryClient);
    }
  }

  function approve(item: InboxItem, comment?: string) {
    const id = item.absence.id;
    const decision: Decision = {
      id,
      kind: item.kind,
      approve: true,
      ...(comment ? { comment } : {}),
    };
    const toastId = `approve-${id}`;
    hold(id, () => send(decision, item));
    notifications.show({
      id: toastId,
      color: 'green',
      autoClose: UNDO_MS,
      title:
        item.kind === 'request'
          ? t('approvals.toast.approved', { name: item.absence.userName })
          : t('approvals.toast.cancellationApproved', { name: item.absence.userName }),
      message: (
        <Stack gap={6} align="flex-start" data-testid="approve-toast">
          <Text size="sm">{texts.range(item.absence)}</Text>
          <Button
            size="compact-md"
            mih={44}
            variant="default"
            onClick={() => {
              undo(id);
              notifications.hide(toastId);
            }}
          >
            {t('approvals.undo')}
          </Button>
        </Stack>
      ),
      // Closed by time or by hand: now it is sent (an undone one is gone and sends nothing).
      onClose: () => release(id),
    });
  }

  const focusCard = (index: number) => {
    const next = Math.max(0, Math.min(items.length - 1, index));
    setSelected(next);
    cards.current[next]?.focus();
  };
  useHotkeys([
    ['j', () => focusCard(active + 1)],
    ['k', () => focusCard(active - 1)],
    ['a', () => current && !rejecting && approve(current)],
    ['r', () => current && !rejecting && setRejecting(current)],
  ]);

  const tabLabel = (label: string, count: number) => (
    <Group gap={6} wrap="nowrap">
      <span>{label}</span>
      {count > 0 && (
        <Badge size="sm" variant="filled" circle>
          {count}
        </Badge>
      )}
    </Group>
  );

  return (
    <Stack gap="lg" maw={880}>
      <PageHeader
        title={t('approvals.title')}
        // Single-key shortcuts are for keyboards: phones do not need the hint.
        description={
          <Box component="span" visibleFrom="sm">
            {t('approvals.keyboardHint')}
          </Box>
        }
        action={
          user.role === 'admin' ? (
            <Button
              component={Link}
              to="?record=sick"
              variant="default"
              mih={44}
              data-testid="record-sickness"
            >
              {t('approvals.recordSickness')}
            </Button>
          ) : undefined
        }
      />
      {inbox.isError ? (
        <ErrorAlert error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : !inbox.data ? (
        <LoadingBlock label={t('absences.loading')} />
      ) : (
        <Tabs
          value={tab}
          onChange={(value) => {
            setTab(value === 'cancellation' ? 'cancellation' : 'request');
            setSelected(0);
          }}
          keepMounted={false}
        >
          <Tabs.List>
            <Tabs.Tab value="request" mih={44} data-testid="tab-requests">
              {tabLabel(t('approvals.tabs.requests'), requests.length)}
            </Tabs.Tab>
            <Tabs.Tab value="cancellation" mih={44} data-testid="tab-cancellations">
              {tabLabel(t('approvals.tabs.cancellations'), cancellations.length)}
            </Tabs.Tab>
          </Tabs.List>
          {(['request', 'cancellation'] as const).map((kind) => (
            <Tabs.Panel key={kind} value={kind} pt="md">
              {items.length === 0 ? (
                <Stack gap={4} align="center" py="xl" data-testid="approvals-empty">
                  <Title order={2} size="h3">
                    {t('approvals.empty')}
                  </Title>
                  <Text c="dimmed" size="sm">
                    {t('approvals.emptyHint')}
                  </Text>
                </Stack>
              ) : (
                <Stack gap="sm" component="ul" p={0} m={0}>
                  {items.map((item, index) => (
                    <ApprovalCard
                      key={item.absence.id}
                      ref={(el) => {
                        cards.current[index] = el;
                      }}
                      item={item}
                      selected={index === active}
                      onFocus={() => setSelected(index)}
                      onApprove={(comment) => approve(item, comment)}
                      onReject={() => setRejecting(item)}
                    />
                  ))}
                </Stack>
              )}
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
      <RejectDialog item={rejecting} onClose={() => setRejecting(null)} />
      <AbsenceFormLauncher />
    </Stack>
  );
}
