import { Alert, Badge, Button, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Num } from '../../../components/Num';
import { useLang } from '../../../i18n/use-lang';
import { formatTime } from '../../../lib/format';
import type { ConnectionState } from '../presence-connection';

/** Seconds until `at`, ticking once a second while a reconnect is pending. */
function useSecondsUntil(at: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * "Live · Stand 10:42", or a visible warning while the stream is down (UX.md rule 9: never a
 * silent failure): what is shown is as of the last message, and when the next try comes.
 */
export function ConnectionStatus({
  state,
  asOf,
  onRetry,
}: {
  state: ConnectionState;
  asOf: number | null;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const seconds = useSecondsUntil(state.kind === 'reconnecting' ? state.retryAt : null);
  const stand = asOf ? t('presence.asOf', { time: formatTime(new Date(asOf), lang) }) : null;

  if (state.kind === 'failed') {
    return <ErrorAlert error={state.error} onRetry={onRetry} title={t('presence.failed')} />;
  }
  if (state.kind === 'reconnecting') {
    return (
      <Alert color="orange" title={t('presence.interrupted')} data-testid="presence-reconnecting">
        <Group justify="space-between" gap="sm">
          <Text size="sm">
            <Num>
              {seconds > 0 ? t('presence.retryIn', { count: seconds }) : t('presence.retrying')}
              {stand ? ` ${t('presence.shownAsOf', { stand })}` : ''}
            </Num>
          </Text>
          <Button variant="default" mih={44} onClick={onRetry}>
            {t('presence.connectNow')}
          </Button>
        </Group>
      </Alert>
    );
  }
  return (
    <Group gap="xs" role="status" data-testid="presence-status" data-state={state.kind}>
      {state.kind === 'live' ? (
        <Badge color="green" variant="light" leftSection={<span aria-hidden="true">●</span>}>
          {t('presence.live')}
        </Badge>
      ) : (
        <Badge color="gray" variant="light">
          {t(state.kind === 'signedOut' ? 'presence.signedOut' : 'presence.connecting')}
        </Badge>
      )}
      {stand && (
        <Text size="sm" c="dimmed" data-testid="presence-as-of">
          <Num>{stand}</Num>
        </Text>
      )}
    </Group>
  );
}
