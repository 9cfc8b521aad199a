// GGUF header reader (versions 2 and 3, either byte order): metadata of every
// value type including nested arrays, and tensor infos. Never reads tensor
// data. Every count and length is checked against the file size before it is
// trusted, so a corrupt header yields a FormatError with the reason instead of
// a huge allocation or a long loop. Large arrays (vocabularies) are skipped
// over: only their length and, when short, their values are kept.
import {
  FormatError,
  MiB,
  need,
  readPrefix,
  type Prefix,
  type PrefixResult,
} from './bounded-read.js';
import { FILE_TYPES, GGML_TYPES, tensorBytes } from './ggml-types.js';

export const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
/** Metadata larger than this is refused (real files: < 20 MiB with a 256k vocabulary). */
export const GGUF_MAX_HEADER_BYTES = 64 * MiB;
/** Arrays with at most this many elements keep their values. */
const KEEP_ARRAY_VALUES = 64;
const MAX_ARRAY_DEPTH = 8;
const MAX_DIMS = 8;
const MAX_STRING = 16 * MiB;

/** GGUF metadata value types (gguf.md, `gguf_metadata_value_type`). */
export const GgufType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;

const FIXED_SIZE: Readonly<Record<number, number>> = {
  [GgufType.UINT8]: 1,
  [GgufType.INT8]: 1,
  [GgufType.BOOL]: 1,
  [GgufType.UINT16]: 2,
  [GgufType.INT16]: 2,
  [GgufType.UINT32]: 4,
  [GgufType.INT32]: 4,
  [GgufType.FLOAT32]: 4,
  [GgufType.UINT64]: 8,
  [GgufType.INT64]: 8,
  [GgufType.FLOAT64]: 8,
};

export interface GgufArray {
  readonly kind: 'array';
  readonly elementType: number;
  readonly length: number;
  /** The values when the array has at most 64 elements. */
  readonly values?: readonly GgufValue[];
}

export type GgufValue = number | bigint | boolean | string | GgufArray;

export interface GgufTensorInfo {
  readonly name: string;
  readonly dims: readonly number[];
  readonly type: number;
  readonly offset: number;
}

export interface GgufHeader {
  readonly version: number;
  readonly littleEndian: boolean;
  readonly metadata: ReadonlyMap<string, GgufValue>;
  readonly tensors: readonly GgufTensorInfo[];
  /** Byte offset where tensor data starts. */
  readonly dataOffset: number;
  /**
   * Where the last tensor of a known type ends (absolute offset); null when
   * no tensor's type is known.
   */
  readonly dataEnd: number | null;
  /** Tensor types the tables do not know, with how many tensors use each. */
  readonly unknownTypes: ReadonlyMap<number, number>;
}

class Cursor {
  pos = 0;
  constructor(
    private readonly p: Prefix,
    readonly le: boolean,
  ) {}
  private take(n: number, what: string): number {
    const at = this.pos;
    need(this.p, at + n, what);
    this.pos = at + n;
    return at;
  }
  u8(what: string): number {
    return this.p.buf.readUInt8(this.take(1, what));
  }
  u32(what: string): number {
    const at = this.take(4, what);
    return this.le ? this.p.buf.readUInt32LE(at) : this.p.buf.readUInt32BE(at);
  }
  u64(what: string): bigint {
    const at = this.take(8, what);
    return this.le ? this.p.buf.readBigUInt64LE(at) : this.p.buf.readBigUInt64BE(at);
  }
  /** A u64 that must be a count or offset inside the file. */
  size(what: string, limit: number): number {
    const v = this.u64(what);
    if (v > BigInt(limit)) {
      throw new FormatError(
        `${what} is ${v}, more than the file (${this.p.fileSize} bytes) allows`,
      );
    }
    return Number(v);
  }
  skip(n: number, what: string): void {
    this.take(n, what);
  }
  string(what: string): string {
    const len = this.size(`${what} length`, Math.min(this.remaining(), MAX_STRING));
    const at = this.take(len, what);
    return this.p.buf.toString('utf8', at, at + len);
  }
  remaining(): number {
    return this.p.fileSize - this.pos;
  }
  scalar(type: number, what: string): number | bigint | boolean {
    const buf = this.p.buf;
    const le = this.le;
    switch (type) {
      case GgufType.UINT8:
        return buf.readUInt8(this.take(1, what));
      case GgufType.INT8:
        return buf.readInt8(this.take(1, what));
      case GgufType.BOOL:
        return buf.readUInt8(this.take(1, what)) !== 0;
      case GgufType.UINT16: {
        const at = this.take(2, what);
        return le ? buf.readUInt16LE(at) : buf.readUInt16BE(at);
      }
      case GgufType.INT16: {
        const at = this.take(2, what);
        return le ? buf.readInt16LE(at) : buf.readInt16BE(at);
      }
      case GgufType.UINT32:
        return this.u32(what);
      case GgufType.INT32: {
        const at = this.take(4, what);
        return le ? buf.readInt32LE(at) : buf.readInt32BE(at);
      }
      case GgufType.FLOAT32: {
        const at = this.take(4, what);
        return le ? buf.readFloatLE(at) : buf.readFloatBE(at);
      }
      case GgufType.UINT64: {
        const v = this.u64(what);
        return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
      }
      case GgufType.INT64: {
        const at = this.take(8, what);
        const v = le ? buf.readBigInt64LE(at) : buf.readBigInt64BE(at);
        return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)
          ? Number(v)
          : v;
      }
      case GgufType.FLOAT64: {
        const at = this.take(8, what);
        return le ? buf.readDoubleLE(at) : buf.readDoubleBE(at);
      }
      default:
        throw new FormatError(`${what}: unknown value type ${String(type)}`);
    }
  }
  value(type: number, what: string, depth: number): GgufValue {
    if (type === GgufType.STRING) return this.string(what);
    if (type !== GgufType.ARRAY) return this.scalar(type, what);
    if (depth >= MAX_ARRAY_DEPTH) throw new FormatError(`${what}: arrays nested too deep`);
    const elementType = this.u32(`${what} element type`);
    if (elementType > GgufType.FLOAT64) {
      throw new FormatError(`${what}: unknown array element type ${elementType}`);
    }
    // Every element takes at least one byte (a string at least 8), so a length
    // beyond the bytes left is a lie; checking first avoids a long loop.
    const minSize = FIXED_SIZE[elementType] ?? 8;
    const length = this.size(`${what} length`, Math.floor(this.remaining() / minSize));
    const fixed = FIXED_SIZE[elementType];
    if (fixed !== undefined && length > KEEP_ARRAY_VALUES) {
      this.skip(length * fixed, what);
      return { kind: 'array', elementType, length };
    }
    const values: GgufValue[] = [];
    for (let i = 0; i < length; i++) {
      if (elementType === GgufType.STRING && length > KEEP_ARRAY_VALUES) {
        const len = this.size(`${what} length`, this.remaining());
        this.skip(len, what);
        continue;
      }
      values.push(this.value(elementType, `${what}[${i}]`, depth + 1));
    }
    return length > KEEP_ARRAY_VALUES
      ? { kind: 'array', elementType, length }
      : { kind: 'array', elementType, length, values };
  }
}

export function parseGguf(p: Prefix): GgufHeader {
  need(p, 8, 'GGUF magic and version');
  if (p.buf.readUInt32LE(0) !== GGUF_MAGIC) throw new FormatError('not a GGUF file (bad magic)');
  const rawVersion = p.buf.readUInt32LE(4);
  // A big-endian file has its version bytes reversed; version 1 used 32-bit counts.
  const littleEndian = rawVersion < 0x10000;
  const version = littleEndian ? rawVersion : p.buf.readUInt32BE(4);
  if (version === 1) throw new FormatError('GGUF version 1 is not supported (convert the file)');
  if (version !== 2 && version !== 3) {
    throw new FormatError(`unsupported GGUF version ${version}`);
  }
  const c = new Cursor(p, littleEndian);
  c.pos = 8;
  // A tensor info takes at least 8+4+8+4+8 = 32 bytes and a key/value 8+4+1.
  const tensorCount = c.size('tensor count', Math.floor(p.fileSize / 32));
  const kvCount = c.size('metadata count', Math.floor(p.fileSize / 13));
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = c.string(`metadata key #${i}`);
    const type = c.u32(`type of ${key}`);
    metadata.set(key, c.value(type, key, 0));
  }
  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = c.string(`tensor #${i} name`);
    const nDims = c.u32(`tensor ${name} dimensions`);
    if (nDims === 0 || nDims > MAX_DIMS) {
      throw new FormatError(`tensor ${name} has ${nDims} dimensions (corrupt header)`);
    }
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) {
      const v = c.u64(`tensor ${name} shape`);
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new FormatError(`tensor ${name} has an absurd dimension ${v}`);
      }
      dims.push(Number(v));
    }
    const type = c.u32(`tensor ${name} type`);
    const offset = c.u64(`tensor ${name} offset`);
    if (offset > BigInt(p.fileSize)) {
      throw new FormatError(`tensor ${name} starts at ${offset}, past the end of the file`);
    }
    tensors.push({ name, dims, type, offset: Number(offset) });
  }
  const alignValue = metadata.get('general.alignment');
  const alignment = typeof alignValue === 'number' && alignValue > 0 ? alignValue : 32;
  const dataOffset = Math.ceil(c.pos / alignment) * alignment;
  // A tensor of an unknown type has no size to check, but it must start inside
  // the file, and every other tensor is still checked: one new type in a file
  // must not let a truncated file pass as good.
  let dataEnd: number | null = tensors.length === 0 ? dataOffset : null;
  const unknownTypes = new Map<number, number>();
  for (const t of tensors) {
    const elements = t.dims.reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(elements)) {
      throw new FormatError(`tensor ${t.name} claims an absurd shape ${t.dims.join('x')}`);
    }
    const bytes = tensorBytes(t.type, elements);
    if (bytes === undefined) {
      unknownTypes.set(t.type, (unknownTypes.get(t.type) ?? 0) + 1);
      if (dataOffset + t.offset > p.fileSize) {
        throw new FormatError(
          `truncated: tensor ${t.name} should start at byte ${dataOffset + t.offset} but the file has ${p.fileSize} bytes`,
        );
      }
      continue;
    }
    dataEnd = Math.max(dataEnd ?? dataOffset, dataOffset + t.offset + bytes);
  }
  if (dataEnd !== null && dataEnd > p.fileSize) {
    throw new FormatError(
      `truncated: tensor data should end at byte ${dataEnd} but the file has ${p.fileSize} bytes`,
    );
  }
  return { version, littleEndian, metadata, tensors, dataOffset, dataEnd, unknownTypes };
}

export function readGgufHeader(file: string): Promise<PrefixResult<GgufHeader>> {
  return readPrefix(file, parseGguf, {
    initialBytes: 256 * 1024,
    maxBytes: GGUF_MAX_HEADER_BYTES,
    what: 'the GGUF header',
  });
}

/** What the inventory needs from one GGUF file (or the first part of a split model). */
export interface GgufSummary {
  readonly architecture: string | null;
  readonly name: string | null;
  readonly parameters: number;
  readonly fileType: string | null;
  readonly contextLength: number | null;
  readonly embeddingLength: number | null;
  readonly blockCount: number | null;
  readonly headCount: number | null;
  readonly kvHeadCount: number | null;
  readonly keyLength: number | null;
  readonly chatTemplate: boolean;
  readonly tokenizer: string | null;
  readonly vocabSize: number | null;
  readonly poolingType: number | null;
  readonly splitCount: number | null;
  readonly splitIndex: number | null;
  /** general.type: "model", "mmproj", "adapter", ... (null when absent). */
  readonly fileKind: string | null;
  /** What the reader could not check, e.g. "type 42 unknown: sizes not checked (3 tensors)". */
  readonly warnings: readonly string[];
}

function num(v: GgufValue | undefined): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  // Some converters write per-layer arrays (e.g. head_count_kv); take the largest.
  if (typeof v === 'object' && v.values) {
    const nums = v.values.filter((x): x is number => typeof x === 'number');
    return nums.length > 0 ? Math.max(...nums) : null;
  }
  return null;
}

export function parameterCount(tensors: readonly GgufTensorInfo[]): number {
  let n = 0;
  for (const t of tensors) n += t.dims.reduce((a, b) => a * b, 1);
  return n;
}

/** The tensor type holding most bytes, for files without general.file_type. */
function dominantType(tensors: readonly GgufTensorInfo[]): string | null {
  const bytes = new Map<number, number>();
  for (const t of tensors) {
    const b =
      tensorBytes(
        t.type,
        t.dims.reduce((a, d) => a * d, 1),
      ) ?? 0;
    bytes.set(t.type, (bytes.get(t.type) ?? 0) + b);
  }
  let best: number | undefined;
  for (const [type, b] of bytes) if (best === undefined || b > (bytes.get(best) ?? 0)) best = type;
  return best === undefined ? null : (GGML_TYPES[best]?.name ?? `type ${best}`);
}

export function summarizeGguf(h: GgufHeader): GgufSummary {
  const m = h.metadata;
  const s = (k: string): string | null => {
    const v = m.get(k);
    return typeof v === 'string' ? v : null;
  };
  const arch = s('general.architecture');
  const a = (k: string): number | null => (arch === null ? null : num(m.get(`${arch}.${k}`)));
  const ft = num(m.get('general.file_type'));
  const tokens = m.get('tokenizer.ggml.tokens');
  return {
    architecture: arch,
    name: s('general.name'),
    parameters: parameterCount(h.tensors),
    fileType: ft !== null ? (FILE_TYPES[ft] ?? `file type ${ft}`) : dominantType(h.tensors),
    contextLength: a('context_length'),
    embeddingLength: a('embedding_length'),
    blockCount: a('block_count'),
    headCount: a('attention.head_count'),
    kvHeadCount: a('attention.head_count_kv') ?? a('attention.head_count'),
    keyLength: a('attention.key_length'),
    chatTemplate: typeof m.get('tokenizer.chat_template') === 'string',
    tokenizer: s('tokenizer.ggml.model'),
    vocabSize: typeof tokens === 'object' ? tokens.length : null,
    poolingType: a('pooling_type'),
    splitCount: num(m.get('split.count')),
    splitIndex: num(m.get('split.no')),
    fileKind: s('general.type'),
    warnings: [...h.unknownTypes].map(
      ([type, n]) => `type ${type} unknown: sizes not checked (${n} tensor${n === 1 ? '' : 's'})`,
    ),
  };
}
