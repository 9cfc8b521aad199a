// A snapshot serializer (Vitest/Jest shape) that prints a Buffer the same way
// failures do. Register it with `expect.addSnapshotSerializer(bufferSerializer)`.
import { Buffer } from '../buffer/buffer.js';
import { printBuffer } from './buffer-text.js';

export const bufferSerializer = {
  test(value: unknown): boolean {
    return value instanceof Buffer;
  },
  serialize(value: unknown): string {
    return printBuffer(value as Buffer);
  },
};
