import { Group, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SEVERITIES, type Severity } from '../lib/severity';
import { Num } from './Num';
import { SeverityIcon } from './SeverityIcon';

/** ArbZG findings as icons with counts ("⯃ 2 ▲ 1"), read out as "2 Verstöße, 1 Warnung". */
export function FindingCounts({ counts }: { counts: Record<Severity, number> }) {
  const { t } = useTranslation();
  const present = SEVERITIES.filter((s) => counts[s] > 0);
  if (present.length === 0) {
    return (
      <Text size="sm" c="dimmed" component="span">
        <span aria-hidden="true">–</span>
        <VisuallyHidden>{t('findings.none')}</VisuallyHidden>
      </Text>
    );
  }
  const spoken = present.map((s) => t(`findings.count.${s}`, { count: counts[s] })).join(', ');
  return (
    <Group gap="xs" wrap="nowrap" component="span" title={spoken} data-testid="finding-counts">
      {present.map((severity) => (
        <Group key={severity} gap={4} wrap="nowrap" component="span" aria-hidden="true">
          <SeverityIcon severity={severity} />
          <Num>{counts[severity]}</Num>
        </Group>
      ))}
      <VisuallyHidden>{spoken}</VisuallyHidden>
    </Group>
  );
}
