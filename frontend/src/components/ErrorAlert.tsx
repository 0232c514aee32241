import { Alert, Button, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, type ErrorMessageKey } from '../lib/api-error';
import { useErrorMessage, type ErrorOverrides } from '../lib/use-error-message';

const SERVER_SIDE: readonly ErrorMessageKey[] = [
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
  'server',
  'unknown',
];

/**
 * An error in plain words with a next step: the translated message, an optional retry button,
 * and, for failures on the server's side, the request id in small print so that an administrator can find the server's log line.
 */
export function ErrorAlert({
  error,
  title,
  onRetry,
  retrying,
  overrides,
  children,
  testId,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  retrying?: boolean;
  overrides?: ErrorOverrides;
  children?: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const { key, requestId } = describeError(error);
  // Support needs the request id for failures on the server's side, not for refusals.
  const showRequestId = requestId && (key === null || SERVER_SIDE.includes(key));
  return (
    <Alert
      color="red"
      title={title ?? t('errors.title')}
      role="alert"
      data-testid={testId ?? 'error-alert'}
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message(error, overrides)}</Text>
        {children}
        {onRetry && (
          <Button variant="default" mih={44} onClick={onRetry} loading={retrying}>
            {t('common.retry')}
          </Button>
        )}
        {showRequestId && (
          <Text size="xs" c="dimmed">
            {t('errors.requestId', { id: requestId })}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
