import { InvalidArgumentError } from 'commander';

/**
 * MLflow's `--env-manager` values. Millrace models are bundled JavaScript and run in the
 * current Node.js process, so every value means "local"; the option exists so that MLflow's
 * documented commands (`--env-manager local`, `--no-conda`) work as written.
 */
export const ENV_MANAGERS = ['local', 'virtualenv', 'uv', 'conda'] as const;

export function parseEnvManager(value: string): string {
  if (!(ENV_MANAGERS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(
      `Invalid value for \`env_manager\`: ${value}. Must be one of [${ENV_MANAGERS.map((name) => `'${name}'`).join(', ')}]`,
    );
  }
  return value;
}
