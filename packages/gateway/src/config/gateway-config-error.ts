import { MillraceError } from '@millrace/core';
import { type ConfigProblem, describeProblem } from './config-problem.js';

/** A gateway config that cannot be used: every problem found, each with its path. */
export class GatewayConfigError extends MillraceError {
  readonly problems: readonly ConfigProblem[];

  constructor(source: string, problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const lines = problems.map((problem) => `  - ${describeProblem(problem)}`);
    const where = source === '' ? '' : ` ${source}`;
    super(
      'INVALID_PARAMETER_VALUE',
      `Invalid gateway configuration${where} (${count}):\n${lines.join('\n')}`,
    );
    this.problems = problems;
  }

  static isGatewayConfigError(value: unknown): value is GatewayConfigError {
    return MillraceError.isInstance(value) && 'problems' in value;
  }
}
