import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileBlobs, attachmentsDirFor, sha256Hex } from './blobs.js';

describe('attachment files', () => {
  it('live in attachments/ beside sessions.db, in NAME.attachments/ beside any other file', () => {
    expect(attachmentsDirFor('/d/sessions.db')).toBe(path.join('/d', 'attachments'));
    expect(attachmentsDirFor('/d/work.db')).toBe(path.join('/d', 'work.attachments'));
    expect(attachmentsDirFor('/d/notes.sqlite')).toBe(path.join('/d', 'notes.attachments'));
  });

  it('sweeps temporary files of killed saves once they are old, nothing else', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtui-blobs-'));
    try {
      const root = path.join(dir, 'attachments');
      const blobs = new FileBlobs(root, dir);
      const bytes = new Uint8Array([1, 2, 3]);
      const sha = sha256Hex(bytes);
      await blobs.prepare(sha, bytes);
      const sub = path.join(root, sha.slice(0, 2));
      const stale = path.join(sub, `.${sha}.aaaaaa.tmp`);
      const fresh = path.join(sub, `.${sha}.bbbbbb.tmp`);
      fs.writeFileSync(stale, 'half');
      fs.writeFileSync(fresh, 'half');
      const old = new Date(Date.now() - 2 * 3_600_000);
      fs.utimesSync(stale, old, old);
      fs.utimesSync(path.join(sub, sha), old, old);
      expect(await blobs.sweepTemporary(Date.now() - 3_600_000)).toBe(1);
      expect(fs.readdirSync(sub).sort()).toEqual([`.${sha}.bbbbbb.tmp`, sha].sort());
      expect(await new FileBlobs(path.join(dir, 'none'), dir).sweepTemporary(Date.now())).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
