import { MillraceError, Table } from '@millrace/core';

/** The file names MLflow uses for the saved input example. */
export const INPUT_EXAMPLE_FILE_NAME = 'input_example.json';
export const SERVING_INPUT_EXAMPLE_FILE_NAME = 'serving_input_example.json';

/** MLmodel `saved_input_example_info` (model-format.md §4). */
export interface SavedInputExampleInfo {
  artifact_path: string;
  type: 'dataframe' | 'json_object';
  pandas_orient?: 'split';
  serving_input_path?: string;
  /** `"true"` (a string, as MLflow writes it) when the example came with params. */
  params?: 'true';
}

/** What to write for an input example: the two files' contents and the MLmodel info. */
export interface InputExampleFiles {
  info: SavedInputExampleInfo;
  /** Content of input_example.json. */
  inputExample: unknown;
  /** Content of serving_input_example.json: a ready-to-POST /invocations body. */
  servingInputExample: unknown;
}

/** The keys that make a plain object an unwrapped LLM body (MLflow's unified LLM input). */
const UNIFIED_LLM_KEYS = ['messages', 'prompt', 'input'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** An array of row objects is column-based input, like a DataFrame in MLflow. */
function asTable(example: unknown): Table | null {
  if (example instanceof Table) {
    return example;
  }
  if (Array.isArray(example) && example.length > 0 && example.every(isPlainObject)) {
    return Table.fromRows(example);
  }
  return null;
}

/** `{"columns", "data"}`: pandas' split orient without the index, missing cells as null. */
function splitOrient(table: Table): { columns: string[]; data: unknown[][] } {
  return {
    columns: [...table.columns],
    data: table.rows.map((row) => table.columns.map((column) => row[column] ?? null)),
  };
}

/**
 * The input example files as MLflow writes them (model-format.md §4): rows or a `Table` → a
 * dataframe in split orient, served as `dataframe_split`; an object with a
 * `messages`/`prompt`/`input` key → itself, served unwrapped; any other JSON value → itself,
 * served as `inputs`. With `params` (MLflow's `(example, params)` tuple) input_example.json is
 * `{"inputs", "params"}` and the serving body gets `params` (merged at top level for an
 * unwrapped LLM body).
 */
export function buildInputExampleFiles(
  example: unknown,
  params?: Record<string, unknown>,
): InputExampleFiles {
  if (example === undefined) {
    throw new MillraceError('INVALID_PARAMETER_VALUE', 'The input example is undefined.');
  }
  if (params !== undefined && !isPlainObject(params)) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      'The params of the input example must be a plain object.',
    );
  }
  const table = asTable(example);
  const data: unknown = table === null ? example : splitOrient(table);
  const info: SavedInputExampleInfo =
    table === null
      ? { artifact_path: INPUT_EXAMPLE_FILE_NAME, type: 'json_object' }
      : { artifact_path: INPUT_EXAMPLE_FILE_NAME, type: 'dataframe', pandas_orient: 'split' };
  info.serving_input_path = SERVING_INPUT_EXAMPLE_FILE_NAME;
  const isUnifiedLlmBody = isPlainObject(example) && UNIFIED_LLM_KEYS.some((key) => key in example);
  if (isUnifiedLlmBody) {
    return params === undefined
      ? { info, inputExample: example, servingInputExample: example }
      : {
          info: { ...info, params: 'true' },
          inputExample: { inputs: example, params },
          servingInputExample: { ...example, ...params },
        };
  }
  const serving: Record<string, unknown> = table === null ? { inputs: data } : { dataframe_split: data };
  return params === undefined
    ? { info, inputExample: data, servingInputExample: serving }
    : {
        info: { ...info, params: 'true' },
        inputExample: { inputs: data, params },
        servingInputExample: { ...serving, params },
      };
}
