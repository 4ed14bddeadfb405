import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources of the workspace packages, not their dist/: the
// `@millrace/source` export condition points at src/index.ts (docs/decisions/0001).
// No 'import' here: vitest passes these to Node as --conditions, and an explicit 'import' makes
// require() pick the ESM build of dual packages (pg's require('pg-pool') then gets a namespace).
const sourceConditions = ['@millrace/source', 'node', 'module', 'default'];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The gateway's SigV4 signer: @smithy/core lists `module` before `node` in its exports, so under
    // the conditions above Node would load its ESM build, whose extensionless imports Node cannot
    // resolve. Bundling @smithy/signature-v4 (esbuild) for the tests avoids Node's resolution; the
    // same holds for the S3 SDK behind the store's S3 artifact repository.
    deps: {
      optimizer: {
        ssr: {
          enabled: true,
          include: ['@smithy/signature-v4', '@aws-sdk/client-s3', '@aws-sdk/lib-storage'],
        },
      },
    },
  },
});
