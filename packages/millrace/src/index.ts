/**
 * Millrace's SDK: everything a model author or client needs from one import.
 * `import { saveModel, loadModel, inferSignature } from 'millrace'`.
 */
export * from '@millrace/core';
export * from '@millrace/models';
