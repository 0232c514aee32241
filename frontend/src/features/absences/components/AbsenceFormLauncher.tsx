import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FormModal } from '../../../components/FormModal';
import { LoadingBlock } from '../../../components/LoadingBlock';
import { prefillFromSearch } from '../absence-logic';
import { useAbsence, useAbsenceTypes } from '../api/absences';
import { AbsenceForm, type FormMode } from './AbsenceForm';

/** Search parameters that open the form, so any screen (and the team calendar) can link it. */
export const FORM_PARAMS = ['request', 'edit', 'record', 'from', 'to', 'type'] as const;

/**
 * The request form as a modal over the current page, opened by the URL: `?request=new` (with
 * optional `from`, `to`, `type`), `?edit=<id>` for a pending request, `?record=sick` for an
 * admin recording a sickness. Closing it removes the parameters again.
 */
export function AbsenceFormLauncher() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const editId = params.get('edit');
  const opened = params.get('request') === 'new' || editId !== null || params.has('record');
  const types = useAbsenceTypes();
  const editing = useAbsence(opened ? editId : null);

  if (!opened) return null;
  const close = () =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const name of FORM_PARAMS) next.delete(name);
        return next;
      },
      { replace: true },
    );

  let mode: FormMode | null = null;
  if (editId) mode = editing.data ? { kind: 'edit', absence: editing.data } : null;
  else if (params.has('record')) mode = { kind: 'record' };
  else mode = { kind: 'request', ...prefillFromSearch(params) };

  const title =
    mode?.kind === 'edit' || editId
      ? t('absences.form.titleEdit')
      : mode?.kind === 'record'
        ? t('absences.form.titleRecord')
        : t('absences.form.title');
  const error = types.error ?? editing.error;

  return (
    <FormModal onClose={close} title={title}>
      {error ? (
        <ErrorAlert error={error} />
      ) : !types.data || !mode ? (
        <LoadingBlock label={t('absences.loading')} rows={3} />
      ) : (
        <AbsenceForm
          key={mode.kind === 'edit' ? mode.absence.id : mode.kind}
          mode={mode}
          types={types.data}
          onDone={close}
        />
      )}
    </FormModal>
  );
}
