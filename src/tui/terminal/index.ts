// Terminal lifecycle for programs built on the engine.
export {
  OSC52_MAX,
  detectGraphics,
  type DetectedGraphics,
  osc52,
  runHost,
  type HostControls,
  type HostOptions,
} from './host.js';
export * from './modes.js';
