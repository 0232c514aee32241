import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../timesheet-logic';
import classes from '../time.module.css';
import { InfoIcon, ViolationIcon, WarningIcon } from './icons';

const CLASSES = { violation: classes.violationText, warning: classes.warnText, info: undefined };

/** An icon for the severity, in words for screen readers too. */
export function SeverityIcon({ severity }: { severity: Finding['severity'] }) {
  if (severity === 'violation') return <ViolationIcon />;
  if (severity === 'warning') return <WarningIcon />;
  return <InfoIcon />;
}

const KNOWN_CODES = [
  'ARBZG_DAILY_OVER_8H',
  'ARBZG_DAILY_OVER_10H',
  'ARBZG_AVG_OVER_8H_24W',
  'ARBZG_BREAK_MISSING',
  'ARBZG_STRETCH_OVER_6H',
  'ARBZG_REST_UNDER_11H',
  'ARBZG_NIGHT_WORK',
  'ARBZG_SUNDAY_WORK',
  'ARBZG_HOLIDAY_WORK',
  'ARBZG_FREE_SUNDAYS_UNDER_15',
] as const;
type KnownCode = (typeof KNOWN_CODES)[number];

function isKnownCode(code: string): code is KnownCode {
  return (KNOWN_CODES as readonly string[]).includes(code);
}

/**
 * One ArbZG finding: severity icon, severity in words and either a short label (day rows) or
 * the full explanation from the API in the UI language (drawer).
 */
export function FindingLine({ finding, full }: { finding: Finding; full?: boolean }) {
  const { t, i18n } = useTranslation();
  const text = full
    ? i18n.language.startsWith('en')
      ? finding.message.en
      : finding.message.de
    : isKnownCode(finding.code)
      ? t(`timesheet.findings.${finding.code}`)
      : t('timesheet.findings.other');
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" className={CLASSES[finding.severity]}>
      <SeverityIcon severity={finding.severity} />
      <Text size="sm" c={finding.severity === 'info' ? 'dimmed' : 'inherit'} lh={1.3}>
        <Text span fw={600} inherit>
          {t(`timesheet.severity.${finding.severity}`)}:
        </Text>{' '}
        {text}
      </Text>
    </Group>
  );
}
