// Types for layers.js, the plain-JS ESLint plugin eslint.config.js loads (its
// tests import it).
import type { Rule } from 'eslint';

export declare const LAYER_RULES: Readonly<Record<string, readonly string[]>>;
export declare const SHARED_FILES: Readonly<Record<string, readonly string[]>>;
export declare const APP_FLOORS: readonly string[];
export declare function layerOf(file: string): string | undefined;
export declare function appFloorOf(file: string): string | undefined;

declare const plugin: {
  readonly rules: {
    readonly 'import-direction': Rule.RuleModule;
    readonly 'app-floors': Rule.RuleModule;
  };
};
export default plugin;
