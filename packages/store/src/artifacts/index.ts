export * from './artifact-path.js';
export * from './artifact-repository.js';
export * from './create-artifact-repository.js';
export * from './local-artifact-repository.js';
export * from './proxied-artifact-uri.js';
export * from './s3-artifact-repository.js';
export * from './s3-client-config.js';
export * from './s3-uri.js';
