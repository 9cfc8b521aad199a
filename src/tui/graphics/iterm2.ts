// iTerm2 inline images (OSC 1337 File=), also understood by WezTerm, mintty
// and others: the picture as a PNG file in base64, placed at the cursor and
// fitted by the terminal into the given cells. `doNotMoveCursor` keeps the
// cursor where it was on terminals that know it; the renderer forgets the
// cursor position after drawing pictures anyway.
import { encodePng } from './png.js';
import type { Rgba } from './raster.js';
import { maybePassthrough } from './tmux.js';

/** `width`/`height` as the protocol takes them: cells (`12`) or pixels (`120px`). */
export function iterm2Image(img: Rgba, width: string, height: string, tmux: boolean): string {
  const png = encodePng(img);
  const b64 = globalThis.Buffer.from(png).toString('base64');
  const args = `inline=1;size=${png.length};width=${width};height=${height};preserveAspectRatio=1;doNotMoveCursor=1`;
  return maybePassthrough(`\x1b]1337;File=${args}:${b64}\x07`, tmux);
}
