// Agent mode's pure parts: types, the port, names, rules, argument checks, the
// offer to the model and the text sent back. Safe for the app to import: no I/O.
export * from './types.js';
export * from './naming.js';
export * from './rules.js';
export * from './json-schema.js';
export * from './offer.js';
export * from './result-text.js';
export * from './plan.js';
