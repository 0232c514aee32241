import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DatabaseStatus, OverallStatus, RedisStatus } from '../api/get-health';

type HealthValue = OverallStatus | DatabaseStatus | RedisStatus;

const COLOR: Record<HealthValue, string> = {
  ok: 'green',
  degraded: 'orange',
  error: 'red',
  disabled: 'gray',
};

function Icon({ value }: { value: HealthValue }) {
  const common = {
    width: 16,
    height: 16,
    viewBox: '0 0 24 24',
    fill: 'none',
    stroke: 'currentColor',
    strokeWidth: 2.5,
    strokeLinecap: 'round',
    strokeLinejoin: 'round',
    'aria-hidden': true,
    focusable: false,
  } as const;
  switch (value) {
    case 'ok':
      return (
        <svg {...common}>
          <path d="M5 12l5 5L20 7" />
        </svg>
      );
    case 'degraded':
      return (
        <svg {...common}>
          <path d="M12 4L2.5 20h19z" />
          <path d="M12 10v4M12 17.5v.01" />
        </svg>
      );
    case 'error':
      return (
        <svg {...common}>
          <path d="M6 6l12 12M18 6L6 18" />
        </svg>
      );
    case 'disabled':
      return (
        <svg {...common}>
          <path d="M6 12h12" />
        </svg>
      );
  }
}

/**
 * One health value as a badge. The word carries the meaning (colour and icon only repeat it), and
 * `data-status` exposes the raw value for tests independent of the UI language.
 */
export function HealthBadge({ value, testId }: { value: HealthValue; testId: string }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={COLOR[value]}
      leftSection={<Icon value={value} />}
      data-testid={testId}
      data-status={value}
    >
      {t(`status.value.${value}`)}
    </Badge>
  );
}
