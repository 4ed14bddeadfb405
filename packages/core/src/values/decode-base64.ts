const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes standard base64 (line breaks allowed, as Python's `base64.encodebytes` writes them);
 * returns undefined when the text is not valid padded base64.
 */
export function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/[\r\n]/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    return undefined;
  }
  return Buffer.from(compact, 'base64');
}
