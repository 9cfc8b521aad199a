// Issue 21 items 15 and 16: the model-file gaps a cross-check against the
// official `gguf` and `safetensors` readers found. Files are generated here;
// the sizes come from the formats' block tables, never from the reader.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../src/services/inventory/bounded-read.js';
import { readGgufHeader, summarizeGguf } from '../../src/services/inventory/gguf.js';
import { MemoryCache } from '../../src/services/inventory/cache.js';
import { DEFAULT_LAUNCH } from '../../src/services/inventory/launch.js';
import { readSafetensorsHeader } from '../../src/services/inventory/safetensors.js';
import { runScan, type ScanOutcome } from '../../src/services/inventory/scan.js';
import { llamaTensors, u32, writeGguf, type GgufSpec } from '../fixtures/inventory/gguf-writer.js';
import { GGUF_SHAPE, ggufMeta, llamaConfig } from '../fixtures/inventory/tree.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrt-reader-gaps-'));
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function scan(folder: string): Promise<ScanOutcome> {
  return runScan(
    {
      directories: [folder],
      hfHubDir: null,
      dotModelsDir: null,
      inventoryFile: null,
      estimateContext: 4096,
      launch: DEFAULT_LAUNCH,
    },
    new MemoryCache(),
  );
}

describe('GGUF: NVFP4, Q1_0 and tensor types the tables do not know', () => {
  it.each([
    ['NVFP4', 39],
    ['Q1_0', 40],
  ] as const)('knows %s tensors (file type %i) and checks their sizes', async (type, fileType) => {
    const file = path.join(dir, `${type}.gguf`);
    const size = writeGguf(file, {
      metadata: { ...ggufMeta(), 'general.file_type': u32(fileType) },
      tensors: llamaTensors({ ...GGUF_SHAPE, type }),
    });
    const { value: h } = await readGgufHeader(file);
    const sum = summarizeGguf(h);
    expect(sum.fileType).toBe(type);
    expect(sum.warnings).toEqual([]);
    // Every tensor's size is known, so the data region ends where the writer put it.
    expect(h.dataEnd).toBe(size);
    fs.truncateSync(file, size - 100);
    await expect(readGgufHeader(file)).rejects.toThrow(/truncated: tensor data should end/);
  });

  // The unknown tensor comes first, so the known ones lie after it in the file.
  const withUnknown = (): GgufSpec => ({
    metadata: ggufMeta(),
    tensors: [
      { name: 'mystery.weight', dims: [64, 4], type: 'UNKNOWN_200' },
      ...llamaTensors({ ...GGUF_SHAPE, type: 'Q4_0' }),
    ],
  });

  it('warns about an unknown type and still checks the other tensors', async () => {
    const file = path.join(dir, 'unknown-type.gguf');
    const size = writeGguf(file, withUnknown());
    const { value: h } = await readGgufHeader(file);
    expect(summarizeGguf(h).warnings).toEqual(['type 200 unknown: sizes not checked (1 tensor)']);
    expect(h.dataEnd).toBe(size);

    const cut = path.join(dir, 'unknown-type-cut.gguf');
    writeGguf(cut, withUnknown());
    fs.truncateSync(cut, size - 1000);
    const err = await readGgufHeader(cut).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toMatch(/truncated: tensor data should end at byte \d+/);
  });

  it('lists the model with the warning, and never lists a truncated one as good', async () => {
    const folder = path.join(dir, 'scan-gguf');
    fs.mkdirSync(folder);
    writeGguf(path.join(folder, 'mystery.gguf'), withUnknown());
    const size = writeGguf(path.join(folder, 'mystery-cut.gguf'), withUnknown());
    fs.truncateSync(path.join(folder, 'mystery-cut.gguf'), size - 1000);
    const r = await scan(folder);
    expect(r.models.map((m) => m.id)).toEqual(['mystery']);
    expect(r.models[0]?.warnings).toContain('type 200 unknown: sizes not checked (1 tensor)');
    const cut = r.warnings.find((w) => w.path.endsWith('mystery-cut.gguf'));
    expect(cut?.message).toMatch(/mystery-cut\.gguf: truncated/);
  });
});

/** A safetensors file with the header exactly as given and `dataSize` bytes of data. */
function rawSafetensors(file: string, header: Record<string, unknown>, dataSize: number): void {
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat([len, Buffer.from(json)]));
  fs.truncateSync(file, 8 + Buffer.byteLength(json) + dataSize);
}

const t = (dtype: string, shape: number[], begin: number, end: number) => ({
  dtype,
  shape,
  data_offsets: [begin, end],
});

describe('safetensors: the layout the official loader requires, and every dtype', () => {
  const layouts: [string, Record<string, unknown>, number, RegExp][] = [
    [
      'a gap between tensors',
      { a: t('F32', [2], 0, 8), b: t('F32', [2], 12, 20) },
      20,
      /a gap: tensor b starts at data byte 12 but tensor a ends at 8/,
    ],
    [
      'a gap before the first tensor',
      { a: t('F32', [2], 4, 12) },
      12,
      /a gap: tensor a starts at data byte 4 but the data starts at 0/,
    ],
    [
      'overlapping tensors',
      { a: t('F32', [4], 0, 16), b: t('F32', [2], 8, 16) },
      16,
      /tensors a and b overlap at data byte 8/,
    ],
    ['trailing bytes', { a: t('F32', [2], 0, 8) }, 12, /4 trailing bytes after the last tensor/],
    [
      'an F4 tensor of half a byte',
      { a: t('F4', [3], 0, 2) },
      2,
      /3 F4 is 12 bits, not whole bytes/,
    ],
    ['a C64 tensor of the wrong size', { a: t('C64', [2], 0, 8) }, 8, /2 C64 needs 16 bytes/],
  ];
  it.each(layouts)('refuses %s', async (name, header, dataSize, message) => {
    const file = path.join(dir, `st-${name.replace(/\W/g, '_')}.safetensors`);
    rawSafetensors(file, header, dataSize);
    const err = await readSafetensorsHeader(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toMatch(message);
  });

  it('knows F4, F6_E2M3, F6_E3M2, F8_E4M3FNUZ, F8_E5M2FNUZ and C64 by their sizes', async () => {
    const file = path.join(dir, 'st-new-dtypes.safetensors');
    // Listed out of offset order: the loader sorts by offset, so must the reader.
    rawSafetensors(
      file,
      {
        c64: t('C64', [2, 3], 23, 71),
        f4: t('F4', [4, 4], 0, 8),
        f6a: t('F6_E2M3', [4], 8, 11),
        f6b: t('F6_E3M2', [8], 11, 17),
        fnuz: t('F8_E4M3FNUZ', [2], 17, 19),
        fnuz2: t('F8_E5M2FNUZ', [4], 19, 23),
        empty: t('F32', [0], 71, 71),
      },
      71,
    );
    const { value: h } = await readSafetensorsHeader(file);
    expect(h.warnings).toEqual([]);
    expect(h.parameters).toBe(6 + 16 + 4 + 8 + 2 + 4);
    expect(h.dtypeBytes.get('C64')).toBe(48);
  });

  it('warns about a dtype outside the format, and the scan lists the model with it', async () => {
    const folder = path.join(dir, 'scan-st', 'odd-model');
    rawSafetensors(
      path.join(folder, 'model.safetensors'),
      { a: t('F32', [2], 0, 8), b: t('Q4_MYSTERY', [64], 8, 40) },
      40,
    );
    fs.writeFileSync(path.join(folder, 'config.json'), JSON.stringify(llamaConfig));
    const warning =
      'dtype "Q4_MYSTERY" is not a safetensors dtype: sizes not checked (the safetensors loader refuses it)';
    const { value: h } = await readSafetensorsHeader(path.join(folder, 'model.safetensors'));
    expect(h.warnings).toEqual([warning]);
    const r = await scan(path.dirname(folder));
    expect(r.models.map((m) => m.id)).toEqual(['odd-model']);
    expect(r.models[0]?.warnings).toContain(warning);
  });

  it('lists a model whose shard has a gap as a warning, not as a model', async () => {
    const folder = path.join(dir, 'scan-st-gap', 'gappy');
    rawSafetensors(
      path.join(folder, 'model.safetensors'),
      { a: t('F32', [2], 0, 8), b: t('F32', [2], 16, 24) },
      24,
    );
    fs.writeFileSync(path.join(folder, 'config.json'), JSON.stringify(llamaConfig));
    const r = await scan(path.dirname(folder));
    expect(r.models).toEqual([]);
    expect(r.warnings.map((w) => w.message).join('\n')).toMatch(
      /model\.safetensors: a gap: tensor b starts at data byte 16/,
    );
  });
});
