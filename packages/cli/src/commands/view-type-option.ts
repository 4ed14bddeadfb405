import { Option } from 'commander';
import type { ViewType } from '@millrace/client';

/** MLflow's `-v/--view` values (`active_only`, `deleted_only`, `all`) as the API's view type. */
export function viewTypeOption(): Option {
  return new Option('-v, --view <view>', 'which to list')
    .choices(['active_only', 'deleted_only', 'all'])
    .default('active_only');
}

export function toViewType(view: string): ViewType {
  return view.toUpperCase() as ViewType;
}
