/** Escapes text for an XML element. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r\n]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Reverses XML escaping (named and numeric entities). */
export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_entity, body: string) => {
    switch (body) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(
          body.startsWith('#x') ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10),
        );
    }
  });
}

/** The texts of every `<tag>…</tag>` element in a document (no nesting of the same tag). */
export function xmlElements(document: string, tag: string): string[] {
  const pattern = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
  return [...document.matchAll(pattern)].map((match) => match[1] ?? '');
}

/** `<tag>escaped text</tag>`. */
export function xmlElement(tag: string, text: string | number | boolean): string {
  return `<${tag}>${escapeXml(String(text))}</${tag}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
