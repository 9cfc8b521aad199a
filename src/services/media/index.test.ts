import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyWav } from '../../../test/fixtures/backends/media-bytes.js';
import { createMediaService } from './index.js';

const media = createMediaService({
  maxImageSide: 1568,
  decode: () => Promise.reject(new Error('not used')),
  platform: 'linux',
  env: { PATH: '' },
});

describe('the media port', () => {
  it('reads and sniffs a file, and says what is wrong with a path', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtui-media-'));
    try {
      const file = path.join(dir, 'tone.wav');
      fs.writeFileSync(file, tinyWav(750, 16_000, 1));
      const { bytes, info } = await media.sniffFile(file);
      expect(bytes.length).toBe(fs.statSync(file).size);
      expect(info).toMatchObject({ kind: 'audio', format: 'wav', durationMs: 750 });
      await expect(media.sniffFile(dir)).rejects.toThrow(`${dir} is a folder; attach a file in it`);
      await expect(media.sniffFile(path.join(dir, 'nope.png'))).rejects.toThrow(
        `${path.join(dir, 'nope.png')} does not exist`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds no player on an empty PATH and says which it looked for', async () => {
    expect(await media.findPlayer()).toMatchObject({ found: false });
    await expect(media.play(tinyWav(10))).rejects.toThrow(/looked for pw-play, paplay/);
  });
});
