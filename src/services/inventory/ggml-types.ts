// GGML tensor types (block size and bytes per block, from ggml.c's type
// traits) and GGUF `general.file_type` names (llama.h's LLAMA_FTYPE_*). The
// sizes let the reader check that a header's tensors fit in the file.

export interface GgmlType {
  readonly name: string;
  readonly blockSize: number;
  readonly typeSize: number;
}

const T = (name: string, blockSize: number, typeSize: number): GgmlType => ({
  name,
  blockSize,
  typeSize,
});

export const GGML_TYPES: Readonly<Record<number, GgmlType>> = {
  0: T('F32', 1, 4),
  1: T('F16', 1, 2),
  2: T('Q4_0', 32, 18),
  3: T('Q4_1', 32, 20),
  6: T('Q5_0', 32, 22),
  7: T('Q5_1', 32, 24),
  8: T('Q8_0', 32, 34),
  9: T('Q8_1', 32, 36),
  10: T('Q2_K', 256, 84),
  11: T('Q3_K', 256, 110),
  12: T('Q4_K', 256, 144),
  13: T('Q5_K', 256, 176),
  14: T('Q6_K', 256, 210),
  15: T('Q8_K', 256, 292),
  16: T('IQ2_XXS', 256, 66),
  17: T('IQ2_XS', 256, 74),
  18: T('IQ3_XXS', 256, 98),
  19: T('IQ1_S', 256, 50),
  20: T('IQ4_NL', 32, 18),
  21: T('IQ3_S', 256, 110),
  22: T('IQ2_S', 256, 82),
  23: T('IQ4_XS', 256, 136),
  24: T('I8', 1, 1),
  25: T('I16', 1, 2),
  26: T('I32', 1, 4),
  27: T('I64', 1, 8),
  28: T('F64', 1, 8),
  29: T('IQ1_M', 256, 56),
  30: T('BF16', 1, 2),
  34: T('TQ1_0', 256, 54),
  35: T('TQ2_0', 256, 66),
  39: T('MXFP4', 32, 17),
  40: T('NVFP4', 64, 36),
  41: T('Q1_0', 128, 18),
};

export const FILE_TYPES: Readonly<Record<number, string>> = {
  0: 'F32',
  1: 'F16',
  2: 'Q4_0',
  3: 'Q4_1',
  4: 'Q4_1_SOME_F16',
  7: 'Q8_0',
  8: 'Q5_0',
  9: 'Q5_1',
  10: 'Q2_K',
  11: 'Q3_K_S',
  12: 'Q3_K_M',
  13: 'Q3_K_L',
  14: 'Q4_K_S',
  15: 'Q4_K_M',
  16: 'Q5_K_S',
  17: 'Q5_K_M',
  18: 'Q6_K',
  19: 'IQ2_XXS',
  20: 'IQ2_XS',
  21: 'Q2_K_S',
  22: 'IQ3_XS',
  23: 'IQ3_XXS',
  24: 'IQ1_S',
  25: 'IQ4_NL',
  26: 'IQ3_S',
  27: 'IQ3_M',
  28: 'IQ2_S',
  29: 'IQ2_M',
  30: 'IQ4_XS',
  31: 'IQ1_M',
  32: 'BF16',
  36: 'TQ1_0',
  37: 'TQ2_0',
  38: 'MXFP4_MOE',
  39: 'NVFP4',
  40: 'Q1_0',
};

/** Bytes a tensor of `elements` elements takes, or undefined for an unknown type. */
export function tensorBytes(type: number, elements: number): number | undefined {
  const t = GGML_TYPES[type];
  if (!t) return undefined;
  return Math.ceil(elements / t.blockSize) * t.typeSize;
}
