// Waveform: PCM samples as a min/max envelope per column, drawn in block
// cells with half-cell resolution, a duration axis below and a play-position
// marker. The envelope is computed once per (samples, width) by the caller's
// `WaveformCache`, so redrawing costs only the cells.
import type { Buffer } from '../buffer/buffer.js';
import type { Pcm } from '../graphics/audio.js';
import type { Rect } from '../layout/rect.js';
import { EMPTY_STYLE, type Style } from '../style/style.js';

export interface Envelope {
  readonly min: Float32Array;
  readonly max: Float32Array;
}

/** Min and max of the samples falling into each of `columns` columns. */
export function envelope(samples: Float32Array, columns: number): Envelope {
  const min = new Float32Array(columns);
  const max = new Float32Array(columns);
  const n = samples.length;
  for (let c = 0; c < columns; c++) {
    const from = Math.floor((c * n) / columns);
    const to = Math.max(from + 1, Math.floor(((c + 1) * n) / columns));
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = from; k < Math.min(n, to); k++) {
      const s = samples[k] ?? 0;
      if (s < lo) lo = s;
      if (s > hi) hi = s;
    }
    min[c] = lo === Infinity ? 0 : lo;
    max[c] = hi === -Infinity ? 0 : hi;
  }
  return { min, max };
}

export interface WaveformProps {
  readonly pcm: Pcm;
  /** Play position in seconds; a marker column when set. */
  readonly position?: number;
  readonly style?: Style;
  readonly markerStyle?: Style;
  readonly axisStyle?: Style;
  /** Envelopes are cached here by width (owned by the caller, one per sound). */
  readonly cache?: Map<number, Envelope>;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Draws the waveform in `area` (its last row is the duration axis when there are at least 3 rows). */
export function drawWaveform(buf: Buffer, area: Rect, props: WaveformProps): void {
  if (area.width <= 0 || area.height <= 0) return;
  const axis = area.height >= 3;
  const rows = axis ? area.height - 1 : area.height;
  let env = props.cache?.get(area.width);
  if (!env) {
    env = envelope(props.pcm.samples, area.width);
    props.cache?.set(area.width, env);
  }
  const style = props.style ?? EMPTY_STYLE;
  const duration = props.pcm.samples.length / props.pcm.sampleRate;
  const marker =
    props.position === undefined || duration <= 0
      ? -1
      : Math.min(area.width - 1, Math.floor((props.position / duration) * area.width));
  // Half-cell units: 0 at the top of the area, 2*rows at the bottom.
  const halves = rows * 2;
  const unit = (v: number): number =>
    Math.round(((1 - Math.max(-1, Math.min(1, v))) / 2) * (halves - 1));
  for (let c = 0; c < area.width; c++) {
    const top = unit(env.max[c] ?? 0);
    const bottom = unit(env.min[c] ?? 0);
    const x = area.x + c;
    const st = c === marker ? (props.markerStyle ?? style) : style;
    for (let r = 0; r < rows; r++) {
      const upper = r * 2 >= top && r * 2 <= bottom;
      const lower = r * 2 + 1 >= top && r * 2 + 1 <= bottom;
      const sym = upper && lower ? '█' : upper ? '▀' : lower ? '▄' : c === marker ? '│' : ' ';
      buf.put(x, area.y + r, sym, 1, st);
    }
  }
  if (axis) {
    const y = area.y + rows;
    const axisStyle = props.axisStyle ?? EMPTY_STYLE;
    const end = formatDuration(duration);
    buf.setString(area.x, y, '0:00', axisStyle, area.width);
    if (area.width > end.length + 6)
      buf.setString(area.x + area.width - end.length, y, end, axisStyle);
    if (marker >= 0 && props.position !== undefined) {
      const at = formatDuration(props.position);
      const x = Math.max(
        area.x + 5,
        Math.min(area.x + area.width - end.length - at.length - 1, area.x + marker),
      );
      if (x >= area.x + 5) buf.setString(x, y, at, props.markerStyle ?? axisStyle);
    }
  }
}
