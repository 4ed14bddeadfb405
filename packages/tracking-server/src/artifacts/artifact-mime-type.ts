/**
 * Extensions MLflow serves as `text/plain` whatever their registered type (its TEXT_EXTENSIONS;
 * files without an extension are looked up by name, e.g. `MLmodel`).
 */
const TEXT_EXTENSIONS = new Set([
  'txt',
  'log',
  'err',
  'cfg',
  'conf',
  'cnf',
  'cf',
  'ini',
  'properties',
  'prop',
  'hocon',
  'toml',
  'yaml',
  'yml',
  'xml',
  'json',
  'js',
  'py',
  'py3',
  'csv',
  'tsv',
  'md',
  'rst',
  'MLmodel',
  'mlproject',
]);

/** Registered types of other common artifact files (as Python's `mimetypes` knows them). */
const KNOWN_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  ico: 'image/vnd.microsoft.icon',
  pdf: 'application/pdf',
  zip: 'application/zip',
  tar: 'application/x-tar',
  bin: 'application/octet-stream',
  wasm: 'application/wasm',
  mp3: 'audio/mpeg',
  wav: 'audio/x-wav',
  mp4: 'video/mp4',
  webm: 'video/webm',
};

/**
 * The Content-Type an artifact is served with: `text/plain` for text extensions (MLflow's choice,
 * so that browsers never render them), the registered type for other known extensions,
 * `application/octet-stream` otherwise.
 */
export function guessArtifactMimeType(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const extension = dot <= 0 ? fileName : fileName.slice(dot + 1);
  if (TEXT_EXTENSIONS.has(extension)) return 'text/plain';
  return KNOWN_TYPES[extension.toLowerCase()] ?? 'application/octet-stream';
}
