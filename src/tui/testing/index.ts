// Test support for views built on the engine: build buffers from lines, print
// them, compare them, snapshot them. No test framework is imported here.
export { bufferFromLines, printBuffer, colorName, modNames } from './buffer-text.js';
export {
  assertBufferEquals,
  assertBufferLines,
  firstDifference,
  BufferMismatch,
} from './assert.js';
export { bufferSerializer } from './serializer.js';
