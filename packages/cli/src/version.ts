import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The Millrace version, from this package's manifest (the same in dist/ and src/). */
export const MILLRACE_VERSION: string = (require('../package.json') as { version: string }).version;
