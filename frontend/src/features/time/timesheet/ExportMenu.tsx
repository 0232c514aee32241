import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n/use-lang';
import { useErrorMessage } from '../../../lib/use-error-message';
import { useTimesheetExport, type TimesheetExportFormat } from '../api/export-timesheet';
import { notify } from '../components/notify';

const FORMATS: { format: TimesheetExportFormat; key: 'pdf' | 'csv' | 'csvStandard' | 'xlsx' }[] = [
  { format: 'pdf', key: 'pdf' },
  { format: 'xlsx', key: 'xlsx' },
  { format: 'csv', key: 'csv' },
  { format: 'csv-standard', key: 'csvStandard' },
];

/**
 * "Exportieren": the shown month of a person as PDF (to sign), Excel or CSV, in the UI's
 * language. The API decides whose months the viewer may export (and audits every export).
 */
export function ExportMenu({ userId, month }: { userId: string; month: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const download = useTimesheetExport();
  const errorMessage = useErrorMessage();

  const run = (format: TimesheetExportFormat) =>
    download.mutate(
      { userId, month, format, lang },
      {
        onError: (error) =>
          notify({
            color: 'red',
            title: t('timesheet.export.failed'),
            message: errorMessage(error),
          }),
      },
    );

  return (
    <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <Button
          variant="default"
          mih={44}
          loading={download.isPending}
          data-testid="timesheet-export"
        >
          {t('timesheet.export.button')}
        </Button>
      </Menu.Target>
      {/* A menu may hold only items (axe aria-required-children): no label row, no focus placeholder. */}
      <Menu.Dropdown aria-label={t('timesheet.export.label')}>
        {FORMATS.map(({ format, key }) => (
          <Menu.Item key={format} onClick={() => run(format)} data-format={format}>
            {t(`timesheet.export.${key}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
