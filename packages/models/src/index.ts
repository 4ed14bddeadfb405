export * from './loaded-model.js';
