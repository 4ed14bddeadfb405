export * from './errors/error-code.js';
export * from './errors/millrace-error.js';
export * from './signature/types.js';
export * from './table.js';
