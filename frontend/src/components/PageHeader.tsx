import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { DocumentTitle } from './DocumentTitle';

/** The page's h1 (also the tab title), an optional sentence below it and a primary action. */
export function PageHeader({
  title,
  description,
  action,
}: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end" gap="sm">
      <DocumentTitle page={title} />
      <Stack gap={4} style={{ flex: '1 1 16rem' }} miw={0}>
        {/* Long German compounds must not push the page sideways on a 360 px phone. */}
        <Title order={1} style={{ overflowWrap: 'break-word', hyphens: 'auto' }}>
          {title}
        </Title>
        {description && <Text c="dimmed">{description}</Text>}
      </Stack>
      {action}
    </Group>
  );
}
