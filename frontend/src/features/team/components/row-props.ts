import type { TeamMonthRow } from '../team-month';

/** What one person's row (table) or card (phone) shows and can do. */
export interface PersonMonthProps {
  row: TeamMonthRow;
  /** Link to the person's month in the timesheet. */
  sheetPath: string;
  teamName: string | null;
  isSelf: boolean;
  canReopen: boolean;
  busy: boolean;
  onApprove: () => void;
  onReopen: () => void;
}
