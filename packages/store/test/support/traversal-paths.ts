/**
 * Artifact paths that must be refused (400 INVALID_PARAMETER_VALUE `Invalid path`) wherever an
 * artifact path is taken: as they would arrive after the router decoded the URL once.
 */
export const TRAVERSAL_PATHS: readonly string[] = [
  '..',
  '../outside.txt',
  'a/../../outside.txt',
  'a/b/..',
  '/etc/passwd',
  '//etc/passwd',
  'C:/Windows/win.ini',
  'c:outside.txt',
  '..\\outside.txt',
  'a\\b.txt',
  'a\0b.txt',
  'name#fragment',
  '%2e%2e/outside.txt',
  '%2E%2E%2Foutside.txt',
  'a/%2e%2e/%2e%2e/outside.txt',
  '%252e%252e/outside.txt',
  '%25252e%25252e%25252foutside.txt',
  '%2fetc%2fpasswd',
  '..%5c..%5coutside.txt',
  'a%00b.txt',
];
