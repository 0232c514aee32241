import { Box } from '@mantine/core';
import { fillRatio } from '../timesheet-logic';

/**
 * A small bar: Ist as a share of Soll. Decorative — the figures are always written next to it.
 * Work beyond the Soll fills the bar; a day without Soll but with work shows a full bar too.
 */
export function DayBar({
  worked,
  target,
  width = '100%',
}: {
  worked: number;
  target: number;
  width?: number | string;
}) {
  const ratio = fillRatio(worked, target);
  const color =
    worked > target ? 'var(--mantine-color-green-7)' : 'var(--mantine-primary-color-filled)';
  return (
    <Box
      aria-hidden="true"
      w={width}
      h={8}
      style={{
        borderRadius: 4,
        background: 'var(--mantine-color-default-border)',
        overflow: 'hidden',
      }}
    >
      <Box
        h="100%"
        w={`${Math.round(ratio * 100)}%`}
        style={{ background: color, borderRadius: 4 }}
      />
    </Box>
  );
}
