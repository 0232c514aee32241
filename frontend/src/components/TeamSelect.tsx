import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** "Alle Teams" or one team; a native select, which phones show as their own picker. */
export function TeamSelect({
  teams,
  value,
  onChange,
  testId = 'team-filter',
}: {
  teams: readonly { id: string; name: string }[];
  value: string | null;
  onChange: (teamId: string | null) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      size="md"
      label={t('teamFilter.label')}
      value={value ?? ''}
      data={[
        { value: '', label: t('teamFilter.all') },
        ...teams.map((team) => ({ value: team.id, label: team.name })),
      ]}
      onChange={(e) => onChange(e.currentTarget.value || null)}
      miw="12rem"
      data-testid={testId}
    />
  );
}
