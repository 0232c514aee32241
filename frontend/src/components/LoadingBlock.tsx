import { Box, Skeleton, Stack, VisuallyHidden } from '@mantine/core';

/** Skeleton rows while something loads, announced once to screen readers. */
export function LoadingBlock({
  label,
  rows = 3,
  height = 56,
}: {
  label: string;
  rows?: number;
  height?: number;
}) {
  return (
    <Box aria-busy="true" data-testid="loading">
      <VisuallyHidden role="status">{label}</VisuallyHidden>
      <Stack gap="xs" aria-hidden="true">
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} height={height} />
        ))}
      </Stack>
    </Box>
  );
}
