// No clipboard tool or graphical session exists on the test machines, so
// shell scripts named like the tools stand in for them on a temporary PATH,
// answering as the real ones do (wl-paste --list-types, xclip TARGETS,
// pngpaste's exit code). What is tested: which tool is used on which
// platform, the image read back byte for byte, and the messages when a tool
// is missing or the clipboard holds no picture.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tinyPng } from '../../../test/fixtures/backends/media-bytes.js';
import { readClipboardImage } from './clipboard.js';

let dir: string;
let png: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtui-clip-'));
  png = path.join(dir, 'clip.png');
  fs.writeFileSync(png, tinyPng(12, 7));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function tool(name: string, script: string): void {
  fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
}

const linux = (env: Record<string, string>) => ({
  platform: 'linux' as const,
  env: { PATH: dir, ...env },
});

describe('reading a picture from the clipboard', () => {
  it('Wayland: wl-paste lists the types, then gives the PNG', async () => {
    tool(
      'wl-paste',
      `if [ "$1" = "--list-types" ]; then printf 'text/plain\\nimage/png\\n'; exit 0; fi
echo "$@" > "${dir}/args"; cat "${png}"`,
    );
    const got = await readClipboardImage(linux({ WAYLAND_DISPLAY: 'wayland-0' }));
    expect(got.type).toBe('image');
    if (got.type !== 'image') return;
    expect(got.mime).toBe('image/png');
    expect(Buffer.from(got.bytes).equals(fs.readFileSync(png))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'args'), 'utf8').trim()).toBe(
      '--no-newline --type image/png',
    );
  });

  it('X11: xclip with TARGETS; text only on the clipboard is "no picture"', async () => {
    tool('xclip', `case "$*" in *TARGETS*) printf 'TARGETS\\nUTF8_STRING\\n';; *) exit 1;; esac`);
    expect(await readClipboardImage(linux({ DISPLAY: ':0' }))).toEqual({
      type: 'empty',
      message: 'the clipboard holds no picture',
    });
    tool(
      'xclip',
      `case "$*" in *TARGETS*) printf 'TARGETS\\nimage/png\\n';; *) cat "${png}";; esac`,
    );
    expect((await readClipboardImage(linux({ DISPLAY: ':0' }))).type).toBe('image');
  });

  it('names the tool to install when it is missing', async () => {
    expect(await readClipboardImage(linux({ WAYLAND_DISPLAY: 'wayland-0' }))).toEqual({
      type: 'unavailable',
      message: 'pasting a picture needs wl-paste, which is not installed: install wl-clipboard',
    });
    expect(await readClipboardImage(linux({ DISPLAY: ':0' }))).toEqual({
      type: 'unavailable',
      message: 'pasting a picture needs xclip, which is not installed: install xclip',
    });
    expect(await readClipboardImage({ platform: 'darwin', env: { PATH: dir } })).toEqual({
      type: 'unavailable',
      message: 'pasting a picture needs pngpaste, which is not installed: brew install pngpaste',
    });
    expect(await readClipboardImage(linux({}))).toEqual({
      type: 'unavailable',
      message:
        'no graphical session here (neither WAYLAND_DISPLAY nor DISPLAY is set), so there is no clipboard to read a picture from; attach the file with /attach PATH',
    });
  });

  it('macOS: pngpaste writes the PNG to stdout; exit 1 means no picture', async () => {
    tool('pngpaste', `cat "${png}"`);
    const got = await readClipboardImage({ platform: 'darwin', env: { PATH: dir } });
    expect(got.type).toBe('image');
    tool('pngpaste', 'echo "No PNG data found on the clipboard!" >&2; exit 1');
    expect((await readClipboardImage({ platform: 'darwin', env: { PATH: dir } })).type).toBe(
      'empty',
    );
  });

  it('a tool that hands over something that is not a picture: no picture', async () => {
    tool('pngpaste', 'echo hello');
    expect(await readClipboardImage({ platform: 'darwin', env: { PATH: dir } })).toEqual({
      type: 'empty',
      message: 'the clipboard holds no picture (pngpaste gave no image)',
    });
  });
});
