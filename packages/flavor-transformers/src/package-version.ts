import { readFileSync } from 'node:fs';

let cachedVersion: string | undefined;

/** The version of this package (src/ and dist/ both sit next to its package.json). */
export function flavorPackageVersion(): string {
  if (cachedVersion === undefined) {
    const manifest: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const version =
      typeof manifest === 'object' && manifest !== null && 'version' in manifest
        ? manifest.version
        : undefined;
    cachedVersion = typeof version === 'string' ? version : '0.0.0';
  }
  return cachedVersion;
}
