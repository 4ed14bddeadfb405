/** A path into the YAML document, as keys and list indexes. */
export type ConfigPath = readonly (string | number)[];

/** One thing wrong with a gateway config, with where it is. Never carries a secret value. */
export interface ConfigProblem {
  /** e.g. `endpoints[2].model.config.openai_api_key`; empty for the document itself. */
  path: string;
  message: string;
}

/** `['endpoints', 2, 'model']` → `endpoints[2].model`. */
export function formatConfigPath(path: ConfigPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

export function describeProblem(problem: ConfigProblem): string {
  return problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
}

/** Collects problems while a config is checked, with paths relative to a prefix. */
export class ConfigProblems {
  readonly #problems: ConfigProblem[];
  readonly #prefix: ConfigPath;

  constructor(prefix: ConfigPath = [], problems: ConfigProblem[] = []) {
    this.#prefix = prefix;
    this.#problems = problems;
  }

  add(path: ConfigPath, message: string): void {
    this.#problems.push({ path: formatConfigPath([...this.#prefix, ...path]), message });
  }

  /** A collector for a sub-tree that reports into the same list. */
  at(path: ConfigPath): ConfigProblems {
    return new ConfigProblems([...this.#prefix, ...path], this.#problems);
  }

  get list(): readonly ConfigProblem[] {
    return this.#problems;
  }

  get count(): number {
    return this.#problems.length;
  }
}

/** Longest value quoted in a problem; longer ones might be a misplaced API key and are only described. */
const MAXIMUM_QUOTED_LENGTH = 24;

/** `"bedrock"` for a short value, `a string of 51 characters` for a long one (never echo a secret). */
export function quoteConfigValue(value: string): string {
  return value.length <= MAXIMUM_QUOTED_LENGTH
    ? JSON.stringify(value)
    : `a string of ${value.length} characters`;
}
