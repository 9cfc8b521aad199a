// Types for lazy-builtins.js (eslint.config.js and the build script load it; tests import it).
export declare const LAZY_BUILTINS: readonly string[];
