// Input: bytes from the terminal to events (keys, mouse, paste, focus).
export * from './events.js';
export { InputDecoder, charKey } from './decoder.js';
export { InputReader, type InputReaderOptions } from './reader.js';
