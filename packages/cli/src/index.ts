export { runCli } from './run-cli.js';
export { createProgram } from './program.js';
export { MILLRACE_VERSION } from './version.js';
