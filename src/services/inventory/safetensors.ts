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

/**
 * Bits per element of every dtype the format defines (safetensors 0.8.0's
 * `Dtype`); sub-byte types (F4, F6_*) pack, so a tensor's bits must fill whole
 * bytes. The official loader refuses any other dtype name.
 */
export const DTYPE_BITS: Readonly<Record<string, number>> = {
  BOOL: 8,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  F8_E4M3FNUZ: 8,
  F8_E5M2FNUZ: 8,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  C64: 64,
  I64: 64,
  U64: 64,
  F64: 64,
};

export interface SafetensorsHeader {
  readonly tensorCount: number;
  readonly parameters: number;
  /** Bytes of tensor data per dtype. */
  readonly dtypeBytes: ReadonlyMap<string, number>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly headerBytes: number;
  /** What the reader could not check (a dtype outside the format's set). */
  readonly warnings: readonly string[];
}

interface Span {
  readonly name: string;
  readonly begin: number;
  readonly end: number;
}

/**
 * The official loader (and so mistral.rs) needs the tensors to tile the data
 * region exactly: sorted by offset, each starts where the previous one ended,
 * and the last ends at the end of the file.
 */
function checkLayout(spans: Span[], dataSize: number): void {
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let prev: Span | undefined;
  for (const t of spans) {
    if (t.begin > at) {
      throw new FormatError(
        `a gap: tensor ${t.name} starts at data byte ${t.begin} but ${prev ? `tensor ${prev.name} ends` : 'the data starts'} at ${at} (the safetensors loader refuses this file)`,
      );
    }
    if (t.begin < at) {
      throw new FormatError(
        `tensors ${prev?.name ?? '?'} and ${t.name} overlap at data byte ${t.begin} (the safetensors loader refuses this file)`,
      );
    }
    at = t.end;
    prev = t;
  }
  if (at !== dataSize) {
    throw new FormatError(
      `${dataSize - at} trailing bytes after the last tensor's data (the safetensors loader refuses this file)`,
    );
  }
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
  const spans: Span[] = [];
  const unknownDtypes = new Set<string>();
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
    const bits = DTYPE_BITS[dtype];
    if (bits === undefined) {
      unknownDtypes.add(dtype);
    } else {
      if ((elements * bits) % 8 !== 0) {
        throw new FormatError(
          `tensor ${name}: ${shape.join('x')} ${dtype} is ${elements * bits} bits, not whole bytes`,
        );
      }
      const bytes = (elements * bits) / 8;
      if (bytes !== end - begin) {
        throw new FormatError(
          `tensor ${name}: ${shape.join('x')} ${dtype} needs ${bytes} bytes, data_offsets give ${end - begin}`,
        );
      }
    }
    spans.push({ name, begin, end });
    parameters += elements;
    tensorCount++;
    dtypeBytes.set(dtype, (dtypeBytes.get(dtype) ?? 0) + (end - begin));
  }
  checkLayout(spans, dataSize);
  const warnings = [...unknownDtypes].map(
    (d) =>
      `dtype ${JSON.stringify(d)} is not a safetensors dtype: sizes not checked (the safetensors loader refuses it)`,
  );
  return { tensorCount, parameters, dtypeBytes, metadata, headerBytes: 8 + n, warnings };
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
