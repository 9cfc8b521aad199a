// The gallery's Pictures page: a photo-like picture, a diagram and a waveform
// in the detected protocol; `p` cycles the protocols. The samples are made in
// code (no binary files in the repository): the "photo" is a procedural
// landscape encoded as PNG so it goes through the real decode path.
import {
  type Buffer,
  type Envelope,
  type Graphics,
  type GraphicsProtocol,
  type Pcm,
  type Picture,
  type Rect,
  type Rgba,
  type Theme,
  decodeWav,
  describeCapabilities,
  drawBlock,
  drawImage,
  drawParagraph,
  drawWaveform,
  encodePng,
  encodeWav,
  fill,
  horizontal,
  length,
  line,
  span,
  vertical,
} from '../../dist/tui/index.js';

export interface PicturesState {
  graphics: Graphics;
  photo: Picture;
  diagram: Picture;
  pcm: Pcm;
  wave: Map<number, Envelope>;
  /** Play position in seconds (advances while the page is shown). */
  position: number;
  /** Index into PROTOCOL_CYCLE (-1: as detected). */
  cycle: number;
  detected: { protocol: GraphicsProtocol; placeholders: boolean };
}

export const PROTOCOL_CYCLE: readonly {
  protocol: GraphicsProtocol;
  placeholders: boolean;
  name: string;
}[] = [
  { protocol: 'kitty', placeholders: true, name: 'kitty placeholders' },
  { protocol: 'kitty', placeholders: false, name: 'kitty placements' },
  { protocol: 'iterm2', placeholders: false, name: 'iTerm2' },
  { protocol: 'sixel', placeholders: false, name: 'sixel' },
  { protocol: 'blocks', placeholders: false, name: 'half blocks' },
  { protocol: 'off', placeholders: false, name: 'labels' },
];

/** A landscape: sky gradient, sun, hills and a lake, 640x400. */
export function landscape(w = 640, h = 400): Rgba {
  const d = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const t = y / h;
      let r = 40 + 180 * t;
      let g = 90 + 110 * t;
      let b = 200 - 40 * t;
      const sun = Math.hypot(x - w * 0.72, y - h * 0.3) / (h * 0.09);
      if (sun < 1) [r, g, b] = [255, 220 - 40 * sun, 90];
      else if (sun < 2.2) r += (2.2 - sun) * 40;
      const hill1 = h * 0.62 + Math.sin(x / 55) * h * 0.06 + Math.sin(x / 17) * 4;
      const hill2 = h * 0.7 + Math.cos(x / 90 + 1) * h * 0.05;
      if (y > hill1) [r, g, b] = [40 + (y - hill1) * 0.2, 110 - (y - hill1) * 0.2, 50];
      if (y > hill2) [r, g, b] = [30, 80 + Math.sin(x / 9 + y) * 6, 40];
      if (y > h * 0.82) {
        const ripple = Math.sin(x / 6 + y / 2) * 10;
        [r, g, b] = [50 + ripple, 100 + ripple, 170 + ripple];
      }
      d[i] = r;
      d[i + 1] = g;
      d[i + 2] = b;
      d[i + 3] = 255;
    }
  }
  return { width: w, height: h, data: d };
}

/** A small block diagram (boxes and arrows) on a transparent background. */
export function diagram(w = 360, h = 240): Rgba {
  const d = new Uint8Array(w * h * 4);
  const set = (x: number, y: number, c: readonly number[]): void => {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    const i = (y * w + x) * 4;
    d.set([c[0] ?? 0, c[1] ?? 0, c[2] ?? 0, 255], i);
  };
  const box = (x0: number, y0: number, bw: number, bh: number, c: readonly number[]): void => {
    for (let y = y0; y < y0 + bh; y++)
      for (let x = x0; x < x0 + bw; x++) {
        const edge = x < x0 + 3 || x >= x0 + bw - 3 || y < y0 + 3 || y >= y0 + bh - 3;
        set(x, y, edge ? c : [c[0] ?? 0, c[1] ?? 0, c[2] ?? 0].map((v) => v / 3));
      }
  };
  const arrow = (x0: number, x1: number, y: number): void => {
    for (let x = x0; x < x1; x++) for (let k = -1; k <= 1; k++) set(x, y + k, [220, 220, 220]);
    for (let k = 0; k < 10; k++) for (let j = -k; j <= k; j++) set(x1 - k, y + j, [220, 220, 220]);
  };
  box(10, 90, 90, 60, [90, 170, 255]);
  box(135, 30, 90, 60, [255, 170, 60]);
  box(135, 150, 90, 60, [120, 220, 120]);
  box(260, 90, 90, 60, [230, 100, 200]);
  arrow(100, 135, 60 + 60);
  arrow(225, 260, 120);
  for (let y = 90; y < 150; y++) set(118, y, [220, 220, 220]);
  return { width: w, height: h, data: d };
}

/** Two seconds of a chirp with a beat, 8 kHz, through a WAV file like one from disk. */
export function sampleSound(): Pcm {
  const rate = 8000;
  const n = rate * 6;
  const s = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const t = k / rate;
    const beat = Math.exp(-((t % 0.75) * 6));
    s[k] =
      0.8 * beat * Math.sin(2 * Math.PI * (220 + 80 * t) * t) + 0.1 * Math.sin(2 * Math.PI * 3 * t);
  }
  return decodeWav(encodeWav(s, rate));
}

export function picturesState(graphics: Graphics): PicturesState {
  return {
    graphics,
    photo: graphics.picture(encodePng(landscape())),
    diagram: graphics.pictureFromPixels('gallery-diagram', diagram()),
    pcm: sampleSound(),
    wave: new Map(),
    position: 0,
    cycle: -1,
    detected: { protocol: graphics.protocol, placeholders: graphics.caps.placeholders },
  };
}

/** `p`: the next protocol (after the last, back to what was detected). */
export function cycleProtocol(s: PicturesState): void {
  s.cycle = s.cycle + 1 >= PROTOCOL_CYCLE.length ? -1 : s.cycle + 1;
  const next = s.cycle < 0 ? s.detected : PROTOCOL_CYCLE[s.cycle];
  if (next) s.graphics.setProtocol(next.protocol, next.placeholders);
}

export function drawPicturesPage(buf: Buffer, area: Rect, s: PicturesState, theme: Theme): void {
  const [info, main, wave] = vertical(area, [length(2), fill(), length(7)]);
  const g = s.graphics;
  const now = s.cycle < 0 ? 'as detected' : (PROTOCOL_CYCLE[s.cycle]?.name ?? '');
  drawParagraph(buf, info ?? area, {
    text: {
      lines: [
        line(span(describeCapabilities(g.caps), theme['text.dim'])),
        line(
          span(`p cycles protocols (now: ${now})`, theme['text.accent']),
          span(g.caps.hint ? `  ${g.caps.hint}` : '', theme['text.dim']),
        ),
      ],
    },
  });
  const [left, right] = horizontal(main ?? area, [fill(), fill()], 1);
  const photoIn = drawBlock(buf, left ?? area, {
    borderType: 'rounded',
    borderStyle: theme.border,
    titles: [' Photo (PNG, 640×400) '],
  });
  drawImage(buf, photoIn, {
    picture: s.photo,
    graphics: g,
    upscale: true,
    labelStyle: theme['text.dim'],
  });
  const diagIn = drawBlock(buf, right ?? area, {
    borderType: 'rounded',
    borderStyle: theme.border,
    titles: [' Diagram (pixels) '],
  });
  drawImage(buf, diagIn, {
    picture: s.diagram,
    graphics: g,
    upscale: true,
    labelStyle: theme['text.dim'],
  });
  const waveIn = drawBlock(buf, wave ?? area, {
    borderType: 'rounded',
    borderStyle: theme.border,
    titles: [' Waveform (WAV, 6 s) '],
  });
  drawWaveform(buf, waveIn, {
    pcm: s.pcm,
    position: s.position,
    cache: s.wave,
    style: theme['text.accent'],
    markerStyle: theme['title.focused'],
    axisStyle: theme['text.dim'],
  });
}
