// Reading an image from the system clipboard through the platform's own tool:
// wl-paste (Wayland), xclip (X11), pngpaste (macOS) or PowerShell (Windows).
// A terminal pastes text only, so a copied picture needs one of these; when
// none is there the message names the one to install.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClipboardImage } from '../../domain/media.js';
import { sniffImage } from '../../tui/graphics/format.js';
import { which, type Host } from './which.js';

interface Ran {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Largest clipboard image read (a screenshot of a large screen is a few MB). */
const MAX_BYTES = 64 * 1_048_576;

function run(file: string, args: readonly string[]): Promise<Ran> {
  return new Promise((resolve) => {
    const { execFile } = process.getBuiltinModule('node:child_process');
    execFile(
      file,
      args,
      { encoding: 'buffer', maxBuffer: MAX_BYTES, timeout: 10_000, windowsHide: true },
      (err, stdout, stderr) => {
        const code =
          err === null ? 0 : typeof err.code === 'number' ? err.code : err.killed ? 124 : 1;
        resolve({ code, stdout, stderr: stderr.toString('utf8').trim() });
      },
    );
  });
}

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

function image(bytes: Buffer, tool: string): ClipboardImage {
  const info = sniffImage(bytes);
  if (info.format === undefined) {
    return { type: 'empty', message: `the clipboard holds no picture (${tool} gave no image)` };
  }
  return {
    type: 'image',
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    mime: `image/${info.format}`,
  };
}

const EMPTY: ClipboardImage = { type: 'empty', message: 'the clipboard holds no picture' };

async function viaTypes(
  tool: string,
  file: string,
  list: readonly string[],
  get: (type: string) => readonly string[],
): Promise<ClipboardImage> {
  const types = await run(file, list);
  if (types.code !== 0) {
    return types.stderr.includes('No selection') || types.stderr.includes('nothing')
      ? EMPTY
      : {
          type: 'empty',
          message: `${tool} could not read the clipboard${types.stderr !== '' ? `: ${types.stderr}` : ''}`,
        };
  }
  const offered = types.stdout.toString('utf8').split(/\r?\n/);
  const type = IMAGE_TYPES.find((t) => offered.includes(t));
  if (type === undefined) return EMPTY;
  const got = await run(file, get(type));
  if (got.code !== 0)
    return { type: 'empty', message: `${tool} failed: ${got.stderr || `exit ${got.code}`}` };
  return image(got.stdout, tool);
}

async function windows(host: Host): Promise<ClipboardImage> {
  const ps = which('powershell', host) ?? which('pwsh', host);
  if (ps === undefined) {
    return {
      type: 'unavailable',
      message:
        'PowerShell is not on PATH, so the clipboard cannot be read; attach the file with /attach PATH',
    };
  }
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  const file = path.join(os.tmpdir(), `mistralrs-tui-clip-${randomBytes(6).toString('hex')}.png`);
  const script =
    'Add-Type -AssemblyName System.Windows.Forms; Add-Type -AssemblyName System.Drawing; ' +
    '$i = [System.Windows.Forms.Clipboard]::GetImage(); if ($i -eq $null) { exit 3 }; ' +
    `$i.Save('${file.replaceAll("'", "''")}', [System.Drawing.Imaging.ImageFormat]::Png)`;
  try {
    const r = await run(ps, ['-NoProfile', '-NonInteractive', '-STA', '-Command', script]);
    if (r.code === 3) return EMPTY;
    if (r.code !== 0)
      return { type: 'empty', message: `PowerShell failed: ${r.stderr || `exit ${r.code}`}` };
    return image(fs.readFileSync(file), 'PowerShell');
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** The clipboard's picture, none, or why it cannot be read here. */
export async function readClipboardImage(host: Host): Promise<ClipboardImage> {
  if (host.platform === 'win32') return windows(host);
  if (host.platform === 'darwin') {
    const tool = which('pngpaste', host);
    if (tool === undefined) {
      return {
        type: 'unavailable',
        message: 'pasting a picture needs pngpaste, which is not installed: brew install pngpaste',
      };
    }
    const r = await run(tool, ['-']);
    if (r.code !== 0) return EMPTY; // pngpaste exits 1 when the clipboard has no image
    return image(r.stdout, 'pngpaste');
  }
  const wayland = (host.env.WAYLAND_DISPLAY ?? '') !== '';
  const x11 = (host.env.DISPLAY ?? '') !== '';
  if (wayland) {
    const tool = which('wl-paste', host);
    if (tool !== undefined)
      return viaTypes('wl-paste', tool, ['--list-types'], (t) => ['--no-newline', '--type', t]);
    if (!x11) {
      return {
        type: 'unavailable',
        message: 'pasting a picture needs wl-paste, which is not installed: install wl-clipboard',
      };
    }
  }
  if (x11) {
    const tool = which('xclip', host);
    if (tool === undefined) {
      return {
        type: 'unavailable',
        message: `pasting a picture needs ${wayland ? 'wl-paste (wl-clipboard) or ' : ''}xclip, which is not installed: install xclip`,
      };
    }
    return viaTypes('xclip', tool, ['-selection', 'clipboard', '-t', 'TARGETS', '-o'], (t) => [
      '-selection',
      'clipboard',
      '-t',
      t,
      '-o',
    ]);
  }
  return {
    type: 'unavailable',
    message:
      'no graphical session here (neither WAYLAND_DISPLAY nor DISPLAY is set), so there is no clipboard to read a picture from; attach the file with /attach PATH',
  };
}
