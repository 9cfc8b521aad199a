// Assertion helpers that fail with both buffers printed as quoted rows plus
// style runs, so a failing widget test shows what was drawn.
import type { Buffer } from '../buffer/buffer.js';
import { bufferFromLines, printBuffer } from './buffer-text.js';
import { at } from '../util/at.js';

export class BufferMismatch extends Error {
  constructor(
    message: string,
    readonly actual: string,
    readonly expected: string,
  ) {
    super(`${message}\n--- expected\n${expected}\n--- actual\n${actual}`);
    this.name = 'BufferMismatch';
  }
}

/** The first differing cell as "(x, y)", or undefined when the buffers are equal. */
export function firstDifference(a: Buffer, b: Buffer): string | undefined {
  if (a.width !== b.width || a.height !== b.height)
    return `size ${a.width}x${a.height} vs ${b.width}x${b.height}`;
  for (let i = 0; i < a.cells.length; i++) {
    if (!at(a.cells, i).equals(at(b.cells, i))) {
      return `(${a.area.x + (i % a.width)}, ${a.area.y + Math.floor(i / a.width)})`;
    }
  }
  return undefined;
}

/** Throws a BufferMismatch unless the buffers are equal in text, widths and styles. */
export function assertBufferEquals(actual: Buffer, expected: Buffer): void {
  const d = firstDifference(actual, expected);
  if (d !== undefined) {
    throw new BufferMismatch(`buffers differ at ${d}`, printBuffer(actual), printBuffer(expected));
  }
}

/** Compares only the text of each row (styles ignored). */
export function assertBufferLines(actual: Buffer, lines: readonly string[]): void {
  const expected = bufferFromLines(lines);
  const rows: string[] = [];
  for (let y = actual.area.y; y < actual.area.y + actual.height; y++) rows.push(actual.rowText(y));
  const want: string[] = [];
  for (let y = 0; y < expected.height; y++) want.push(expected.rowText(y));
  if (rows.length !== want.length || rows.some((r, i) => r !== want[i])) {
    throw new BufferMismatch(
      'buffer text differs',
      rows.map((r) => JSON.stringify(r)).join('\n'),
      want.map((r) => JSON.stringify(r)).join('\n'),
    );
  }
}
