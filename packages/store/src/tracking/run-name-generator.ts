import { randomInt } from 'node:crypto';

const ADJECTIVES = [
  'amber', 'brave', 'bright', 'calm', 'clever', 'crisp', 'daring', 'eager', 'fancy', 'gentle', 'glad', 'golden',
  'honest', 'jolly', 'keen', 'kind', 'lively', 'lucky', 'merry', 'mighty', 'nimble', 'polite', 'proud', 'quick',
  'quiet', 'rapid', 'silent', 'sleek', 'smart', 'steady', 'sunny', 'swift', 'tidy', 'vivid', 'warm', 'wise',
] as const;
const NOUNS = [
  'badger', 'bear', 'beaver', 'bird', 'cat', 'crane', 'deer', 'dove', 'eagle', 'falcon', 'finch', 'fox', 'frog',
  'gull', 'hare', 'hawk', 'heron', 'ibis', 'koala', 'lark', 'lynx', 'mole', 'moth', 'newt', 'otter', 'owl', 'panda',
  'robin', 'seal', 'shrew', 'snail', 'stork', 'swan', 'toad', 'wolf', 'wren',
] as const;

function pick<T>(items: readonly T[]): T {
  return items[randomInt(items.length)] as T;
}

/** A random run name in MLflow's style, `adjective-noun-NNN` (at most 20 characters). */
export function generateRunName(): string {
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}-${randomInt(1000)}`;
}
