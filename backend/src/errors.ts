/**
 * One error type for everything the API refuses on purpose. The code is stable (clients and
 * translations key on it); the HTTP status comes from the single map below.
 */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  BAD_REQUEST: 400,
  WEAK_PASSWORD: 400,
  HOST_NOT_ALLOWED: 400,
  PERIOD_ENDS_BEFORE_START: 400,
  PERIOD_TOO_LONG: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_REFRESH_TOKEN: 401,
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  EDIT_WINDOW_CLOSED: 403,
  ORIGIN_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  ALREADY_CLOCKED_IN: 409,
  NOT_CLOCKED_IN: 409,
  NOT_ON_BREAK: 409,
  ENTRY_OVERLAP: 409,
  MONTH_LOCKED: 409,
  ABSENCE_TYPE_NAME_TAKEN: 409,
  // Absence requests and their approval (modules/absences/requests.ts).
  ABSENCE_ENDS_BEFORE_START: 400,
  ABSENCE_HALF_DAYS_ON_ONE_DAY: 400,
  ABSENCE_NO_WORKING_DAYS: 400,
  ABSENCE_HALF_DAYS_NOT_ALLOWED: 400,
  ABSENCE_RANGE_TOO_LONG: 400,
  ABSENCE_OPEN_END_NOT_ALLOWED: 400,
  ABSENCE_SUBSTITUTE_INVALID: 400,
  ABSENCE_TYPE_INACTIVE: 400,
  ABSENCE_OWN_DECISION: 403,
  ABSENCE_SECOND_APPROVAL_REQUIRED: 403,
  ABSENCE_OVERLAP: 409,
  ABSENCE_OVERLAPS_VACATION: 409,
  ABSENCE_SICKNESS_HALF_DAY_IN_VACATION: 409,
  ABSENCE_RETURN_NEEDS_END: 400,
  ABSENCE_OVER_BALANCE: 409,
  ABSENCE_STATE_CHANGED: 409,
  ABSENCE_LOCKED_MONTH: 409,
  ABSENCE_REMINDED_TODAY: 429,
  // Sick notes (issue 5 item 6).
  SICK_NOTE_MISSING: 400,
  SICK_NOTE_EMPTY: 400,
  NOT_A_SICKNESS: 409,
  ABSENCE_NOT_ACTIVE: 409,
  SICK_NOTE_LOCKED: 409,
  SICK_NOTE_TOO_LARGE: 413,
  SICK_NOTE_FILE_TYPE: 415,
  CALENDAR_FEED_LIMIT: 409,
  CALDAV_SYNC_OFF: 409,
  // The month's ZIP of timesheets (modules/reports/archive.ts).
  REPORT_EXPORT_EMPTY: 409,
  REPORT_EXPORT_NOT_READY: 409,
  REPORT_EXPORT_FAILED: 409,
  REPORT_EXPORT_EXPIRED: 410,
  TOKEN_INVALID: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** Default messages: plain language, safe to show to a person. */
const defaultMessages: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Some fields are missing or invalid.',
  INVALID_JSON: 'The request body is not valid JSON.',
  BAD_REQUEST: 'The request could not be understood.',
  WEAK_PASSWORD: 'This password is not allowed.',
  HOST_NOT_ALLOWED: 'This host name is not served here.',
  PERIOD_ENDS_BEFORE_START: 'The period ends before it starts.',
  PERIOD_TOO_LONG: 'The period is too long.',
  UNAUTHENTICATED: 'Please sign in.',
  INVALID_CREDENTIALS: 'E-mail address or password is wrong.',
  INVALID_REFRESH_TOKEN: 'Your session has ended. Please sign in again.',
  FORBIDDEN: 'You are not allowed to do this.',
  ACCOUNT_DISABLED: 'This account is deactivated. Please contact your administrator.',
  EDIT_WINDOW_CLOSED:
    'Entries this old can no longer be changed by you. Please ask your manager or administrator.',
  ORIGIN_NOT_ALLOWED: 'This request did not come from the TimeMaster web app.',
  NOT_FOUND: 'Not found.',
  ROUTE_NOT_FOUND: 'There is no such API endpoint.',
  METHOD_NOT_ALLOWED: 'This method is not allowed here.',
  CONFLICT: 'This conflicts with the current state.',
  EMAIL_TAKEN: 'There is already an account with this e-mail address.',
  ALREADY_CLOCKED_IN: 'You are already clocked in.',
  NOT_CLOCKED_IN: 'You are not clocked in.',
  NOT_ON_BREAK: 'You are not on a break.',
  ENTRY_OVERLAP: 'This overlaps another time entry.',
  MONTH_LOCKED: 'This month is closed. Please ask your administrator to correct it.',
  ABSENCE_TYPE_NAME_TAKEN:
    'There is already an absence type with this name (perhaps deactivated: reactivate it instead).',
  ABSENCE_ENDS_BEFORE_START: 'The absence ends before it starts.',
  ABSENCE_HALF_DAYS_ON_ONE_DAY:
    'A one-day absence is either half a day or a full day: choose one half-day option, not both.',
  ABSENCE_NO_WORKING_DAYS:
    'There is no working day in this period (weekends, public holidays, closure days).',
  ABSENCE_HALF_DAYS_NOT_ALLOWED: 'This absence type cannot be taken in half days.',
  ABSENCE_RANGE_TOO_LONG: 'An absence may span at most 366 days. Please split it.',
  ABSENCE_OPEN_END_NOT_ALLOWED: 'Only a sickness may start without an end date.',
  ABSENCE_SUBSTITUTE_INVALID:
    'The substitute must be an active colleague of your company, not you yourself.',
  ABSENCE_TYPE_INACTIVE: 'This absence type is no longer offered.',
  ABSENCE_OWN_DECISION: 'Nobody decides on their own absence. Another approver has to do it.',
  ABSENCE_SECOND_APPROVAL_REQUIRED:
    'This long absence is pre-approved and now needs the approval of an administrator.',
  ABSENCE_OVERLAP: 'This overlaps another absence.',
  ABSENCE_OVERLAPS_VACATION:
    'This sickness overlaps your vacation. Confirm to give the vacation days back (§ 9 BUrlG) and record the sickness.',
  ABSENCE_SICKNESS_HALF_DAY_IN_VACATION:
    'A sickness that starts or ends with half a day on a vacation day cannot be recorded: two absences cannot share a day. Record that day as a whole sick day, or start (end) the sickness on the next (previous) day.',
  ABSENCE_RETURN_NEEDS_END:
    'Vacation days can only be given back for a sickness with an end. Please give an expected end; an administrator can correct it later.',
  ABSENCE_OVER_BALANCE: 'There are not enough vacation days left for this request.',
  ABSENCE_STATE_CHANGED:
    'This absence has changed in the meantime (decided, withdrawn or cancelled). Please reload.',
  ABSENCE_LOCKED_MONTH:
    'This absence touches a closed month. Please ask your administrator to correct it.',
  ABSENCE_REMINDED_TODAY: 'The approvers were already reminded of this request today.',
  SICK_NOTE_MISSING: 'Please choose a file (PDF, PNG or JPEG) to upload.',
  SICK_NOTE_EMPTY: 'The file is empty.',
  NOT_A_SICKNESS: 'Sick notes can only be attached to a sickness.',
  ABSENCE_NOT_ACTIVE: 'This absence was cancelled or rejected; no sick note can be attached.',
  SICK_NOTE_LOCKED: 'The sickness has ended: only an administrator can remove its sick notes now.',
  SICK_NOTE_TOO_LARGE: 'The file is larger than 10 MB.',
  SICK_NOTE_FILE_TYPE:
    'Only PDF, PNG or JPEG files are accepted (the file’s content is checked, not its name).',
  CALENDAR_FEED_LIMIT:
    'You have reached the limit of calendar subscriptions. Revoke one you no longer use first.',
  CALDAV_SYNC_OFF: 'Calendar sync is switched off for this company. Switch it on first.',
  REPORT_EXPORT_EMPTY: 'Nobody is in this selection. Change the team, role or month.',
  REPORT_EXPORT_NOT_READY: 'The archive is still being made. Please wait until it is ready.',
  REPORT_EXPORT_FAILED: 'The archive could not be made. Please ask for it again.',
  REPORT_EXPORT_EXPIRED:
    'This archive has been removed (archives are kept for 7 days). Please ask for it again.',
  TOKEN_INVALID: 'This link is invalid or has expired. Please request a new one.',
  PAYLOAD_TOO_LARGE: 'The request is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'This content type is not supported.',
  RATE_LIMITED: 'Too many attempts. Please wait a moment and try again.',
  INTERNAL_ERROR: 'Something went wrong on our side. Please try again later.',
  SERVICE_UNAVAILABLE: 'The service is temporarily unavailable. Please try again later.',
};

export class AppError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? defaultMessages[code]);
    this.name = 'AppError';
    this.statusCode = errorStatus[code];
  }
}

export function defaultMessage(code: ErrorCode): string {
  return defaultMessages[code];
}
