// safetensors header reader: an 8-byte little-endian header length, then a
// JSON object of tensor name -> {dtype, shape, data_offsets}. Reads exactly the
// header. The header length and every offset are checked against the file, as
// the format's own loader does (headers are limited to 100 MB there).
import {
  FormatError,
  isRecord,
  need,
  readPrefix,
  type Prefix,
  type PrefixResult,
} from './bounded-read.js';

export const SAFETENSORS_MAX_HEADER_BYTES = 100 * 1000 * 1000;

export const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  F8_E8M0: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};

export interface SafetensorsHeader {
  readonly tensorCount: number;
  readonly parameters: number;
  /** Bytes of tensor data per dtype. */
  readonly dtypeBytes: ReadonlyMap<string, number>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly headerBytes: number;
}

export function parseSafetensors(p: Prefix): SafetensorsHeader {
  need(p, 8, 'the safetensors header length');
  const len = p.buf.readBigUInt64LE(0);
  if (len > BigInt(SAFETENSORS_MAX_HEADER_BYTES)) {
    throw new FormatError(`header length ${len} is over the 100 MB limit of the format`);
  }
  const n = Number(len);
  need(p, 8 + n, 'the safetensors header');
  let json: unknown;
  try {
    json = JSON.parse(p.buf.toString('utf8', 8, 8 + n));
  } catch (err) {
    throw new FormatError(`the header is not valid JSON: ${(err as Error).message}`);
  }
  if (!isRecord(json)) throw new FormatError('the header is not a JSON object');
  const dataSize = p.fileSize - 8 - n;
  let parameters = 0;
  let tensorCount = 0;
  const dtypeBytes = new Map<string, number>();
  let metadata: Record<string, string> = {};
  for (const [name, info] of Object.entries(json)) {
    if (name === '__metadata__') {
      if (isRecord(info)) {
        metadata = Object.fromEntries(
          Object.entries(info).filter((e): e is [string, string] => typeof e[1] === 'string'),
        );
      }
      continue;
    }
    if (!isRecord(info)) throw new FormatError(`tensor ${name}: not an object`);
    const { dtype, shape, data_offsets: offsets } = info;
    if (typeof dtype !== 'string') throw new FormatError(`tensor ${name}: no dtype`);
    if (
      !Array.isArray(shape) ||
      !shape.every((d): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
    ) {
      throw new FormatError(`tensor ${name}: invalid shape`);
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o): o is number => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0)
    ) {
      throw new FormatError(`tensor ${name}: invalid data_offsets`);
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin) throw new FormatError(`tensor ${name}: data_offsets end before they begin`);
    if (end > dataSize) {
      throw new FormatError(
        `truncated: tensor ${name} ends at data byte ${end} but the file holds ${dataSize} bytes of data`,
      );
    }
    const elements = shape.reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(elements)) {
      throw new FormatError(`tensor ${name}: absurd shape ${shape.join('x')}`);
    }
    const width = DTYPE_BYTES[dtype];
    if (width !== undefined && elements * width !== end - begin) {
      throw new FormatError(
        `tensor ${name}: ${shape.join('x')} ${dtype} needs ${elements * width} bytes, data_offsets give ${end - begin}`,
      );
    }
    parameters += elements;
    tensorCount++;
    dtypeBytes.set(dtype, (dtypeBytes.get(dtype) ?? 0) + (end - begin));
  }
  return { tensorCount, parameters, dtypeBytes, metadata, headerBytes: 8 + n };
}

export function readSafetensorsHeader(file: string): Promise<PrefixResult<SafetensorsHeader>> {
  return readPrefix(file, parseSafetensors, {
    initialBytes: 16 * 1024,
    maxBytes: SAFETENSORS_MAX_HEADER_BYTES + 8,
    what: 'the safetensors header',
  });
}

/** The dtype holding most bytes ("BF16"), or null for an empty model. */
export function dominantDtype(bytes: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  let most = -1;
  for (const [dtype, b] of bytes) {
    if (b > most) {
      best = dtype;
      most = b;
    }
  }
  return best;
}

/** Shard file names from a model.safetensors.index.json value, in first-seen order. */
export function shardsFromIndex(index: unknown): string[] {
  if (!isRecord(index) || !isRecord(index.weight_map)) {
    throw new FormatError('no weight_map object in the index');
  }
  const files = new Set<string>();
  for (const v of Object.values(index.weight_map)) {
    if (typeof v !== 'string' || v.includes('/') || v.includes('\\') || v.startsWith('.')) {
      throw new FormatError(`weight_map names an invalid shard file ${JSON.stringify(v)}`);
    }
    files.add(v);
  }
  return [...files];
}
