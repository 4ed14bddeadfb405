export * from './tiny-model-info.js';
export * from './write-tiny-bert.js';
export * from './write-tiny-gpt2.js';
