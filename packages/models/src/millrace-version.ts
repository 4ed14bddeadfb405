import { readFileSync } from 'node:fs';

let cachedVersion: string | undefined;

/** The version of Millrace that saves models (MLmodel `millrace_version`). */
export function millraceVersion(): string {
  if (cachedVersion === undefined) {
    // src/ and dist/ both sit next to the package's package.json.
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    } catch {
      // Bundled into an application, away from its package.json: the version is unknown.
      manifest = undefined;
    }
    const version =
      typeof manifest === 'object' && manifest !== null && 'version' in manifest
        ? manifest.version
        : undefined;
    cachedVersion = typeof version === 'string' ? version : '0.0.0';
  }
  return cachedVersion;
}
