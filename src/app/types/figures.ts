// Which reply figures mean something. A rate over a handful of tokens is noise
// (two tokens in one network read read as thousands of tokens a second), so
// such a reply shows no tokens/s and stays out of the tokens/s sparklines,
// whose scale one such outlier would otherwise set.
import type { ReplyFigures } from './state.js';

/** Fewest completion tokens whose tokens/s is shown and charted. */
export const MIN_RATE_TOKENS = 4;

/** The reply's tokens/s when it means something; undefined for a reply too short (or none known). */
export function meaningfulRate(f: ReplyFigures | undefined): number | undefined {
  if (f?.tokensPerSec === undefined) return undefined;
  if (f.completionTokens !== undefined && f.completionTokens < MIN_RATE_TOKENS) return undefined;
  return f.tokensPerSec;
}
