// PDFs a person uploads are opened by staff on office machines: a PDF that runs JavaScript,
// launches programs, carries embedded files or is encrypted (and so cannot be inspected) is
// refused. Two layers: pdf-lib parses the file (object streams included, where a byte scan
// sees only compressed data) and every object is walked for active content; a byte scan for
// the same names catches what a damaged cross-reference table hides from the parser.
import { EncryptedPDFError, PDFArray, PDFDict, PDFDocument, PDFName, PDFStream } from 'pdf-lib';
import { ApiError } from './errors.ts';

/** Dictionary keys and names that mean active or hidden content. */
const ACTIVE = new Set(['/JS', '/JavaScript', '/Launch', '/EmbeddedFile', '/EmbeddedFiles', '/RichMedia', '/SubmitForm', '/ImportData', '/GoToE']);
/** The same as bytes; a name ends at a delimiter or white space. */
const ACTIVE_BYTES = /\/(?:JS|JavaScript|Launch|EmbeddedFiles?|RichMedia|SubmitForm|ImportData|GoToE|Encrypt)(?=[\s/<>[\]()%{}]|$)/;

const refused = (detail: string) => new ApiError('UNSAFE_PDF', { detail });

const ENCRYPTED = 'The PDF is encrypted or password protected. Please save it without a password and upload it again.';
const ACTIVE_CONTENT = 'The PDF contains JavaScript, embedded files or actions that start programs. Please print it to a new PDF ("Microsoft Print to PDF", "Als PDF speichern") and upload that.';

function walk(obj: unknown, depth = 0): void {
  if (depth > 64) return;
  if (obj instanceof PDFName) {
    if (ACTIVE.has(obj.asString())) throw refused(ACTIVE_CONTENT);
  } else if (obj instanceof PDFDict) {
    for (const [k, value] of obj.entries()) {
      if (ACTIVE.has(k.asString())) throw refused(ACTIVE_CONTENT);
      walk(value, depth + 1);
    }
  } else if (obj instanceof PDFArray) {
    for (let i = 0; i < obj.size(); i++) walk(obj.get(i), depth + 1);
  } else if (obj instanceof PDFStream) {
    walk(obj.dict, depth + 1);
  }
}

/** Throws 415 UNSAFE_PDF (or UNSUPPORTED_MEDIA_TYPE for an unreadable file). */
export async function checkPdf(bytes: Uint8Array): Promise<void> {
  // Names are ASCII: latin1 keeps every byte as one character.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const hit = ACTIVE_BYTES.exec(text);
  if (hit) throw refused(hit[0] === '/Encrypt' ? ENCRYPTED : ACTIVE_CONTENT);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
  } catch (err) {
    if (err instanceof EncryptedPDFError) throw refused(ENCRYPTED);
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', { detail: 'The PDF could not be read. Please upload an undamaged PDF.' });
  }
  if (doc.isEncrypted) throw refused(ENCRYPTED);
  for (const [, obj] of doc.context.enumerateIndirectObjects()) walk(obj);
}
