// A sixel encoder. Colours are quantized to at most 256 by median cut over a
// 15-bit histogram (no library we found fitted: the well-kept quantizers are
// large and slow for pictures this small). Pixels more transparent than half
// are left unset (P2=1), so the cells' background shows through them.
//
//   DCS 0;1;0 q "1;1;W;H  #i;2;r;g;b ...  #i <sixels> $ #j <sixels> - ... ST
//
// Each band is six pixel rows; a sixel character is 63 + the six bits of one
// column for one colour; runs are written `!n<char>`.
import type { Rgba } from './raster.js';

interface Box {
  entries: number[]; // 15-bit colours
  count: number;
}

/** The palette (r, g, b triples) and the 15-bit colour -> palette index table. */
export function quantize(img: Rgba, maxColors = 256): { palette: number[]; lut: Uint8Array } {
  const hist = new Uint32Array(32768);
  const d = img.data;
  for (let i = 0; i < d.length; i += 4) {
    if ((d[i + 3] ?? 0) < 128) continue;
    const c = (((d[i] ?? 0) >> 3) << 10) | (((d[i + 1] ?? 0) >> 3) << 5) | ((d[i + 2] ?? 0) >> 3);
    hist[c] = (hist[c] ?? 0) + 1;
  }
  const all: number[] = [];
  let total = 0;
  for (let c = 0; c < 32768; c++) {
    const n = hist[c] ?? 0;
    if (n > 0) {
      all.push(c);
      total += n;
    }
  }
  const boxes: Box[] = [{ entries: all, count: total }];
  const channel = (c: number, ch: number): number => (c >> (10 - 5 * ch)) & 31;
  while (boxes.length < maxColors) {
    // Split the box with the most pixels times the widest channel range.
    let best = -1;
    let bestScore = 0;
    let bestCh = 0;
    boxes.forEach((b, k) => {
      if (b.entries.length < 2) return;
      for (let ch = 0; ch < 3; ch++) {
        let lo = 31;
        let hi = 0;
        for (const c of b.entries) {
          const v = channel(c, ch);
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        const score = (hi - lo) * b.count;
        if (score > bestScore) {
          bestScore = score;
          best = k;
          bestCh = ch;
        }
      }
    });
    if (best < 0) break;
    const b = boxes[best];
    if (!b) break;
    b.entries.sort((x, y) => channel(x, bestCh) - channel(y, bestCh));
    let acc = 0;
    let cut = 1;
    for (let k = 0; k < b.entries.length - 1; k++) {
      acc += hist[b.entries[k] ?? 0] ?? 0;
      cut = k + 1;
      if (acc * 2 >= b.count) break;
    }
    const left = b.entries.slice(0, cut);
    const right = b.entries.slice(cut);
    const sum = (es: number[]): number => es.reduce((n, c) => n + (hist[c] ?? 0), 0);
    boxes.splice(
      best,
      1,
      { entries: left, count: sum(left) },
      { entries: right, count: sum(right) },
    );
  }
  const palette: number[] = [];
  const lut = new Uint8Array(32768);
  boxes.forEach((b, k) => {
    let r = 0;
    let g = 0;
    let bl = 0;
    let n = 0;
    for (const c of b.entries) {
      const w = hist[c] ?? 0;
      r += ((c >> 10) & 31) * w;
      g += ((c >> 5) & 31) * w;
      bl += (c & 31) * w;
      n += w;
      lut[c] = k;
    }
    const avg = (v: number): number => (n === 0 ? 0 : Math.round(((v / n) * 255) / 31));
    palette.push(avg(r), avg(g), avg(bl));
  });
  return { palette, lut };
}

export function encodeSixel(img: Rgba, maxColors = 256): string {
  const { width: w, height: h, data: d } = img;
  const { palette, lut } = quantize(img, maxColors);
  const colors = palette.length / 3;
  const parts: string[] = [`\x1bP0;1;0q"1;1;${w};${h}`];
  const pct = (v: number): number => Math.round((v * 100) / 255);
  for (let k = 0; k < colors; k++)
    parts.push(
      `#${k};2;${pct(palette[k * 3] ?? 0)};${pct(palette[k * 3 + 1] ?? 0)};${pct(palette[k * 3 + 2] ?? 0)}`,
    );
  // Per band: the six-bit column patterns of every colour used in it.
  const bits = new Uint8Array(Math.max(1, colors) * w);
  const used = new Uint8Array(Math.max(1, colors));
  const order: number[] = [];
  for (let band = 0; band < h; band += 6) {
    order.length = 0;
    for (let r = 0; r < 6 && band + r < h; r++) {
      let i = (band + r) * w * 4;
      for (let x = 0; x < w; x++, i += 4) {
        if ((d[i + 3] ?? 0) < 128) continue;
        const c =
          lut[
            (((d[i] ?? 0) >> 3) << 10) | (((d[i + 1] ?? 0) >> 3) << 5) | ((d[i + 2] ?? 0) >> 3)
          ] ?? 0;
        if (used[c] === 0) {
          used[c] = 1;
          order.push(c);
        }
        bits[c * w + x] = (bits[c * w + x] ?? 0) | (1 << r);
      }
    }
    order.forEach((c, n) => {
      if (n > 0) parts.push('$');
      let row = `#${c}`;
      // Trailing empty columns need not be written.
      let end = w;
      while (end > 0 && bits[c * w + end - 1] === 0) end--;
      let x = 0;
      while (x < end) {
        const v = bits[c * w + x] ?? 0;
        let run = 1;
        while (x + run < end && bits[c * w + x + run] === v) run++;
        const ch = String.fromCharCode(63 + v);
        row += run > 3 ? `!${run}${ch}` : ch.repeat(run);
        x += run;
      }
      parts.push(row);
      bits.fill(0, c * w, c * w + w);
      used[c] = 0;
    });
    // Graphics newline between bands; none after the last, which could scroll.
    if (band + 6 < h) parts.push('-');
  }
  parts.push('\x1b\\');
  return parts.join('');
}
