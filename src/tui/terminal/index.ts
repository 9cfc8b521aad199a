// Terminal lifecycle for programs built on the engine.
export { runHost, type HostControls, type HostOptions } from './host.js';
export * from './modes.js';
