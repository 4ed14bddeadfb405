import type { z } from 'zod';
import { describeJsonShape } from '../http/describe-json-shape.js';
import { quoteConfigValue } from './config-problem.js';

type Issue = z.core.$ZodRawIssue;

function expectedWord(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object' || expected === 'record') return 'a mapping';
  if (expected === 'int') return 'an integer';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describeAllowed(values: readonly unknown[]): string {
  return values.map((value) => String(value)).join(', ');
}

/**
 * Readable messages for config problems found by zod (used as the parse's error map). They quote
 * offending values only for enum-like fields; secrets never go through zod.
 */
export function zodIssueMessage(issue: Issue): string | undefined {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required';
      return `must be ${expectedWord(String(issue.expected))}, got ${describeJsonShape(input)}`;
    case 'invalid_value':
      if (input === undefined) return 'is required';
      return issue.values.length === 1
        ? `must be ${describeAllowed(issue.values)}${typeof input === 'string' ? `, got ${quoteConfigValue(input)}` : ''}`
        : `must be one of ${describeAllowed(issue.values)}${typeof input === 'string' ? `, got ${quoteConfigValue(input)}` : ''}`;
    case 'too_small':
      if (issue.origin === 'array')
        return `must have at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      return issue.inclusive
        ? `must be at least ${String(issue.minimum)}`
        : `must be greater than ${String(issue.minimum)}`;
    case 'too_big':
      return issue.inclusive
        ? `must be at most ${String(issue.maximum)}`
        : `must be less than ${String(issue.maximum)}`;
    default:
      return undefined;
  }
}
