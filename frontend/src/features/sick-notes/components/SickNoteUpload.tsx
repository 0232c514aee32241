import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useLang } from '../../../i18n/use-lang';
import { isApiError } from '../../../lib/api-error';
import { useSignedInUser } from '../../../lib/auth';
import { formatBytes, formatDate, formatDateTime, localeOf } from '../../../lib/format';
import { useErrorMessage } from '../../../lib/use-error-message';
import { notify } from '../../time/components/notify';
import type { SickNote, Sickness } from '../api/sick-notes';
import {
  downloadSickNote,
  useDeleteSickNote,
  useSickNotes,
  useUploadSickNote,
} from '../api/sick-notes';
import {
  ACCEPTED_TYPES,
  isSickNoteErrorCode,
  preCheck,
  type PreCheckProblem,
} from '../sick-note-files';

/** Error text for the sick-note routes' own codes, else the app's usual wording. */
function useSickNoteError() {
  const { t } = useTranslation();
  const message = useErrorMessage();
  return (error: unknown) =>
    isApiError(error) && isSickNoteErrorCode(error.code)
      ? t(`sickNotes.errors.${error.code}`)
      : message(error);
}

/** "AU fällig seit …", "AU fällig am …" or "AU liegt vor", from the sickness's state. */
export function CertificateState({ certificate }: { certificate: Sickness['certificate'] }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (certificate.received) {
    return (
      <Badge color="green" variant="light">
        {t('sickNotes.state.received')}
      </Badge>
    );
  }
  if (!certificate.required || certificate.dueOn === null) {
    return (
      <Badge color="gray" variant="light">
        {t('sickNotes.state.notRequired')}
      </Badge>
    );
  }
  const date = formatDate(certificate.dueOn, lang);
  return certificate.overdue ? (
    <Badge color="orange" variant="filled">
      {t('sickNotes.state.overdue', { date })}
    </Badge>
  ) : (
    <Badge color="blue" variant="light">
      {t('sickNotes.state.due', { date })}
    </Badge>
  );
}

function NoteRow({ note, canDelete }: { note: SickNote; canDelete: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const describe = useSickNoteError();
  const remove = useDeleteSickNote();
  const [confirming, setConfirming] = useState(false);
  const [downloading, setDownloading] = useState(false);

  const download = async () => {
    setDownloading(true);
    try {
      await downloadSickNote(note);
    } catch (error) {
      notify({ color: 'red', title: t('sickNotes.downloadFailed'), message: describe(error) });
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Group component="li" justify="space-between" gap="xs" wrap="wrap" data-testid="sick-note">
      <Stack gap={0} miw={0} style={{ flex: '1 1 12rem' }}>
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {note.fileName}
        </Text>
        <Text size="xs" c="dimmed">
          {t('sickNotes.uploadedAt', {
            date: formatDateTime(note.createdAt, lang),
            size: formatBytes(note.sizeBytes, localeOf(lang)),
          })}
        </Text>
      </Stack>
      <Group gap="xs">
        <Button
          variant="default"
          size="xs"
          mih={44}
          loading={downloading}
          onClick={() => void download()}
        >
          {t('sickNotes.download')}
          <VisuallyHidden>: {note.fileName}</VisuallyHidden>
        </Button>
        {canDelete && (
          <Button
            variant="subtle"
            color="red"
            size="xs"
            mih={44}
            onClick={() => {
              remove.reset();
              setConfirming(true);
            }}
          >
            {t('sickNotes.delete')}
            <VisuallyHidden>: {note.fileName}</VisuallyHidden>
          </Button>
        )}
      </Group>
      <ConfirmDialog
        opened={confirming}
        title={t('sickNotes.deleteTitle')}
        message={t('sickNotes.deleteMessage', { name: note.fileName })}
        confirmLabel={t('sickNotes.delete')}
        loading={remove.isPending}
        error={remove.error ? new Error(describe(remove.error)) : undefined}
        onConfirm={() => remove.mutate(note.id, { onSuccess: () => setConfirming(false) })}
        onClose={() => setConfirming(false)}
      />
    </Group>
  );
}

/**
 * Upload and list of the sick notes (AU-Bescheinigungen) of one sickness: file picker and drop
 * zone, a check of type and size before sending (the server checks the content), progress, and
 * the uploaded notes with download and delete. For the person themselves and for admins; embed
 * it wherever a sickness is shown (e.g. "Meine Abwesenheiten").
 */
export function SickNoteUpload({
  absenceId,
  certificate,
  ended = false,
}: {
  absenceId: string;
  /** The sickness's certificate state (from GET /sickness or /sickness/summary), if known. */
  certificate?: Sickness['certificate'];
  /** The sickness is over: only admins may still remove notes. */
  ended?: boolean;
}) {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const describe = useSickNoteError();
  const notes = useSickNotes(absenceId);
  const upload = useUploadSickNote(absenceId);
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<PreCheckProblem | null>(null);
  const [dragging, setDragging] = useState(false);

  const send = (file: File | undefined) => {
    if (!file) return;
    upload.reset();
    const found = preCheck(file);
    setProblem(found);
    if (found) return;
    setProgress(0);
    upload.mutate(
      { file, onProgress: setProgress },
      {
        onSuccess: (note) =>
          notify({ color: 'green', message: t('sickNotes.uploaded', { name: note.fileName }) }),
        onSettled: () => setProgress(null),
      },
    );
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    send(event.dataTransfer.files[0]);
  };

  const canDelete = (note: SickNote) =>
    user.role === 'admin' || (note.uploadedBy === user.id && !ended);

  return (
    <Stack gap="sm" data-testid="sick-note-upload">
      {certificate && (
        <Group gap="xs">
          <Text size="sm">{t('sickNotes.certificate')}</Text>
          <CertificateState certificate={certificate} />
        </Group>
      )}
      <Paper
        withBorder
        p="md"
        radius="md"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        style={{
          borderStyle: 'dashed',
          borderColor: dragging ? 'var(--mantine-color-blue-6)' : undefined,
          background: dragging ? 'var(--mantine-color-blue-light)' : undefined,
        }}
      >
        <Stack gap="xs" align="center">
          <Text size="sm" ta="center">
            {t('sickNotes.dropHere')}
          </Text>
          <Button
            mih={44}
            onClick={() => input.current?.click()}
            loading={upload.isPending}
            aria-describedby={hintId}
          >
            {t('sickNotes.choose')}
          </Button>
          <Text size="xs" c="dimmed" id={hintId} ta="center">
            {t('sickNotes.hint')}
          </Text>
          <input
            ref={input}
            type="file"
            accept={ACCEPTED_TYPES}
            hidden
            data-testid="sick-note-input"
            onChange={(event) => {
              send(event.currentTarget.files?.[0]);
              event.currentTarget.value = '';
            }}
          />
          {progress !== null && (
            <Progress
              w="100%"
              value={Math.round(progress * 100)}
              aria-label={t('sickNotes.progress', { percent: Math.round(progress * 100) })}
              animated
            />
          )}
        </Stack>
      </Paper>
      {problem && (
        <Alert color="red" role="alert">
          {t(`sickNotes.precheck.${problem}`)}
        </Alert>
      )}
      {upload.isError && (
        <Alert color="red" role="alert" title={t('sickNotes.uploadFailed')}>
          {describe(upload.error)}
        </Alert>
      )}
      {notes.isError ? (
        <Alert color="red" role="alert">
          {describe(notes.error)}
        </Alert>
      ) : notes.data && notes.data.length > 0 ? (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {notes.data.map((note) => (
            <NoteRow key={note.id} note={note} canDelete={canDelete(note)} />
          ))}
        </Stack>
      ) : (
        notes.data && (
          <Text size="sm" c="dimmed">
            {t('sickNotes.none')}
          </Text>
        )
      )}
    </Stack>
  );
}
