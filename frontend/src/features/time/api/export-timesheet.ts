import { useMutation } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { paths } from '../../../api/schema';
import { apiErrorFrom } from '../../../lib/api-error';
import { fileNameFrom, saveBlob } from '../../../lib/download';

type ExportQuery = paths['/api/v1/reports/timesheets/{userId}']['get']['parameters']['query'];
export type TimesheetExportFormat = ExportQuery['format'];

const extensions: Record<TimesheetExportFormat, string> = {
  pdf: 'pdf',
  csv: 'csv',
  'csv-standard': 'csv',
  xlsx: 'xlsx',
};

export interface TimesheetExport {
  userId: string;
  month: string;
  format: TimesheetExportFormat;
  lang: 'de' | 'en';
}

/** Downloads a person's monthly timesheet (Stundenzettel) as a file and saves it. */
export function useTimesheetExport() {
  return useMutation({
    mutationFn: async ({ userId, month, format, lang }: TimesheetExport) => {
      const { data, error, response } = await client.GET('/api/v1/reports/timesheets/{userId}', {
        params: { path: { userId }, query: { month, format, lang } },
        parseAs: 'blob',
      });
      if (!response.ok || !data) throw apiErrorFrom(response, error);
      const fallback = `timesheet-${month}.${extensions[format]}`;
      saveBlob(data, fileNameFrom(response.headers.get('content-disposition'), fallback));
    },
  });
}
