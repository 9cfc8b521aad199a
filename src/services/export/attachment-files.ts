// The attachments of a Markdown export: one file per attachment in an
// `attachments/` folder next to the .md, linked relatively, so the folder can
// be moved or zipped as a whole and every viewer finds the pictures. Names
// start with the first hex digits of the bytes' sha256: the same bytes are
// written once, and two files of one name do not overwrite each other.
import fs from 'node:fs';
import path from 'node:path';
import type { Attachment, SessionBundle } from '../../domain/session.js';

export const ATTACHMENTS_FOLDER = 'attachments';

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/mpeg': 'mp3',
  'audio/flac': 'flac',
  'audio/ogg': 'ogg',
  'text/plain': 'txt',
};

/** A file name safe on every platform: no separators, reserved or control characters. */
function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').replace(/^\.+/, '');
  return cleaned.slice(0, 120);
}

/** The attachment's path relative to the .md, with `/` separators. */
export function attachmentFilePath(a: Attachment): string {
  const name = safeName(a.name);
  const ext = EXTENSIONS[a.mime.split(';')[0]?.trim() ?? ''] ?? 'bin';
  const file = name !== '' ? `${a.sha256.slice(0, 16)}-${name}` : `${a.sha256.slice(0, 16)}.${ext}`;
  return `${ATTACHMENTS_FOLDER}/${file}`;
}

/**
 * Writes the bytes the bundle carries into `attachments/` beside `mdFile`;
 * returns the attachments whose bytes were missing (linked but not written).
 */
export function writeAttachmentFiles(mdFile: string, bundle: SessionBundle): Attachment[] {
  const missing: Attachment[] = [];
  for (const a of bundle.attachments) {
    const bytes = bundle.blobs?.get(a.sha256);
    if (bytes === undefined) {
      missing.push(a);
      continue;
    }
    const file = path.join(path.dirname(mdFile), ...attachmentFilePath(a).split('/'));
    try {
      if (fs.statSync(file).size === bytes.length) continue;
    } catch {
      // not there yet
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  }
  return missing;
}
