const TOKEN = /^[A-Za-z0-9!#$&+\-.^_`|~]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function quoted(text: string): string {
  return `"${text.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * `Content-Disposition: attachment` for a file name: `filename=hello.txt` as MLflow sends it for
 * plain names, quoted when needed, and for names beyond ASCII an ASCII fallback plus the exact name
 * as `filename*=UTF-8''…` (RFC 6266). MLflow 3.6 crashes on such names instead.
 */
export function attachmentDisposition(fileName: string): string {
  if (TOKEN.test(fileName)) return `attachment; filename=${fileName}`;
  if (PRINTABLE_ASCII.test(fileName)) return `attachment; filename=${quoted(fileName)}`;
  const fallback = fileName
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .trim();
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename=${quoted(fallback === '' ? 'artifact' : fallback)}; filename*=UTF-8''${encoded}`;
}
