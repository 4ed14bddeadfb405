import type { LoggedModelStatus, RunStatus, ViewType } from '@millrace/store';

/** ViewType by proto number. */
export const VIEW_TYPE_NUMBERS: Readonly<Record<number, ViewType>> = {
  1: 'ACTIVE_ONLY',
  2: 'DELETED_ONLY',
  3: 'ALL',
};

/** RunStatus by proto number. */
export const RUN_STATUS_NUMBERS: Readonly<Record<number, RunStatus>> = {
  1: 'RUNNING',
  2: 'SCHEDULED',
  3: 'FINISHED',
  4: 'FAILED',
  5: 'KILLED',
};

/** LoggedModelStatus by proto number. */
export const LOGGED_MODEL_STATUS_NUMBERS: Readonly<Record<number, LoggedModelStatus>> = {
  0: 'LOGGED_MODEL_STATUS_UNSPECIFIED',
  1: 'LOGGED_MODEL_PENDING',
  2: 'LOGGED_MODEL_READY',
  3: 'LOGGED_MODEL_UPLOAD_FAILED',
};
