// The scaled picture is encoded in a worker thread in the built program
// (dist/), with the same bytes as encoding on the calling thread.
import { describe, expect, it } from 'vitest';
import { EncodeThread } from '../../dist/services/media/encode-thread.js';
import { encodePicture } from '../../dist/services/media/encode.js';

function picture(width: number, height: number, alpha = 255) {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = (i * 7) & 255;
    data[i + 1] = (i * 13) & 255;
    data[i + 2] = (i * 29) & 255;
    data[i + 3] = alpha;
  }
  return { width, height, data };
}

describe('EncodeThread', () => {
  it('encodes JPEG and PNG in a worker, byte-identical to the calling thread', async () => {
    const thread = new EncodeThread();
    try {
      const img = picture(96, 64);
      const before = img.data.slice();
      const jpeg = await thread.encode(img, 'jpeg');
      expect(thread.threaded).toBe(true);
      expect(Buffer.from(jpeg).equals(Buffer.from(await encodePicture(img, 'jpeg')))).toBe(true);
      expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      const png = await thread.encode(picture(10, 10, 128), 'png');
      expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
      // The caller's pixels are its own: the worker was sent a copy.
      expect(img.data).toEqual(before);
    } finally {
      await thread.close();
    }
  });

  it('several pictures at once each get their own answer', async () => {
    const thread = new EncodeThread();
    try {
      const sizes = [
        [8, 8],
        [40, 20],
        [16, 48],
      ] as const;
      const out = await Promise.all(sizes.map(([w, h]) => thread.encode(picture(w, h), 'png')));
      for (const [i, [w, h]] of sizes.entries()) {
        const png = Buffer.from(out[i] ?? new Uint8Array());
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([w, h]);
      }
    } finally {
      await thread.close();
    }
  });
});
