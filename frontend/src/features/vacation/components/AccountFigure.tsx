import { Collapse, Group, Paper, Text, UnstyledButton } from '@mantine/core';
import { useId, useState, type ReactNode } from 'react';
import { Num } from '../../../components/Num';

/**
 * One figure of the account ("Anspruch 30 Tage") that opens its own explanation on a tap
 * (UX.md: every number explains itself). A real button with aria-expanded, ≥ 44 px high; its
 * visible text ("Anspruch 30 Tage") is its accessible name, so voice control finds it by what
 * the person sees.
 */
export function AccountFigure({
  label,
  value,
  strong = false,
  testId,
  children,
}: {
  label: string;
  value: string;
  strong?: boolean;
  testId: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <Paper withBorder radius="sm" data-testid={testId}>
      <UnstyledButton
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls={panelId}
        w="100%"
        mih={44}
        px="sm"
        py={10}
      >
        <Group justify="space-between" wrap="nowrap">
          <Text fw={strong ? 700 : 500}>{label}</Text>
          <Group gap={6} wrap="nowrap">
            <Num style={{ fontWeight: strong ? 700 : 500 }}>{value}</Num>
            <Text c="dimmed" aria-hidden>
              {open ? '▴' : '▾'}
            </Text>
          </Group>
        </Group>
      </UnstyledButton>
      <Collapse expanded={open}>
        <div id={panelId}>
          <Text size="sm" c="dimmed" px="sm" pb="sm" component="div">
            {children}
          </Text>
        </div>
      </Collapse>
    </Paper>
  );
}
