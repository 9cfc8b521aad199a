// Playing audio through a player found on PATH: PipeWire's pw-play,
// PulseAudio's paplay, ALSA's aplay, macOS's afplay, or ffmpeg's ffplay. The
// TUI decodes audio only to draw waveforms; playing it is the system's job.
// Bytes (an attachment kept in a database) go through a temporary file,
// removed when playing ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AudioKind, Playback, PlayerLookup } from '../../domain/media.js';
import { audioKind } from './sniff.js';
import { resolveProgram, which, type Host } from './which.js';

export const PLAYERS = ['pw-play', 'paplay', 'aplay', 'afplay', 'ffplay'] as const;

/** What each player reads (aplay: WAV only; the libsndfile ones: no MP3 before libsndfile 1.1). */
const PLAYS: Readonly<Record<string, readonly AudioKind[]>> = {
  'pw-play': ['wav', 'flac', 'ogg', 'mp3'],
  paplay: ['wav', 'flac', 'ogg'],
  aplay: ['wav'],
  afplay: ['wav', 'mp3', 'flac'],
  ffplay: ['wav', 'mp3', 'flac', 'ogg'],
};

const NONE_FOUND =
  `no audio player found on PATH (looked for ${PLAYERS.join(', ')}): install one — ` +
  'pipewire (pw-play), pulseaudio-utils (paplay), alsa-utils (aplay) or ffmpeg (ffplay) — ' +
  'or set attachments.audio_player in the config';

function argsFor(name: string, file: string): string[] {
  return name === 'ffplay' || name === 'ffplay.exe'
    ? ['-nodisp', '-autoexit', '-loglevel', 'error', file]
    : [file];
}

export interface PlayerOptions extends Host {
  /** config attachments.audio_player: a name on PATH or a path. */
  readonly configured?: string | undefined;
}

/** The players on PATH, in preference order (the configured one first). */
function candidates(opts: PlayerOptions): { name: string; path: string }[] {
  const found: { name: string; path: string }[] = [];
  if (opts.configured !== undefined && opts.configured !== '') {
    const p = resolveProgram(opts.configured, opts);
    if (p !== undefined) found.push({ name: path.basename(p).replace(/\.exe$/i, ''), path: p });
  }
  for (const name of PLAYERS) {
    const p = which(name, opts);
    if (p !== undefined) found.push({ name, path: p });
  }
  return found;
}

export function findPlayer(opts: PlayerOptions): PlayerLookup {
  if (opts.configured !== undefined && opts.configured !== '') {
    const p = resolveProgram(opts.configured, opts);
    if (p === undefined) {
      return {
        found: false,
        message: `the audio player "${opts.configured}" (attachments.audio_player) was not found; fix the setting, or remove it to use one of ${PLAYERS.join(', ')}`,
      };
    }
    return { found: true, name: path.basename(p).replace(/\.exe$/i, ''), path: p };
  }
  const first = candidates(opts)[0];
  return first !== undefined
    ? { found: true, name: first.name, path: first.path }
    : { found: false, message: NONE_FOUND };
}

/** Plays a file or bytes; rejects with an Error saying which player is missing. */
export async function play(audio: string | Uint8Array, opts: PlayerOptions): Promise<Playback> {
  const lookup = findPlayer(opts);
  if (!lookup.found) throw new Error(lookup.message);
  let file: string;
  let temp: string | undefined;
  let kind: AudioKind | undefined;
  if (typeof audio === 'string') {
    file = audio;
    const fd = await fs.promises.open(audio, 'r');
    try {
      const head = new Uint8Array(64);
      await fd.read(head, 0, 64, 0);
      kind = audioKind(head);
    } finally {
      await fd.close();
    }
  } else {
    kind = audioKind(audio);
    const { randomBytes } = process.getBuiltinModule('node:crypto');
    temp = path.join(
      os.tmpdir(),
      `mistralrs-tui-audio-${randomBytes(6).toString('hex')}.${kind ?? 'bin'}`,
    );
    await fs.promises.writeFile(temp, audio, { mode: 0o600 });
    file = temp;
  }
  if (kind === undefined) {
    if (temp !== undefined) await fs.promises.rm(temp, { force: true });
    throw new Error('not an audio file this program knows (WAV, MP3, FLAC or Ogg)');
  }
  // The first player that reads this format (the configured one is trusted).
  const list = candidates(opts);
  const chosen =
    (opts.configured !== undefined && opts.configured !== '' ? list[0] : undefined) ??
    list.find((p) => PLAYS[p.name]?.includes(kind) === true);
  if (chosen === undefined) {
    if (temp !== undefined) await fs.promises.rm(temp, { force: true });
    throw new Error(
      `${list.map((p) => p.name).join(', ')} cannot play ${kind.toUpperCase()}: install ffmpeg (ffplay), or set attachments.audio_player`,
    );
  }
  const { spawn } = process.getBuiltinModule('node:child_process');
  const child = spawn(chosen.path, argsFor(chosen.name, file), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-2000);
  });
  let stopped = false;
  const done = new Promise<{ ok: true } | { ok: false; message: string }>((resolve) => {
    const finish = (result: { ok: true } | { ok: false; message: string }): void => {
      if (temp !== undefined) fs.rmSync(temp, { force: true });
      resolve(result);
    };
    child.once('error', (err) => {
      finish({ ok: false, message: `${chosen.name} could not start: ${err.message}` });
    });
    child.once('exit', (code, signal) => {
      if (code === 0 || stopped) finish({ ok: true });
      else {
        const last = stderr.trim().split('\n').at(-1) ?? '';
        finish({
          ok: false,
          message: `${chosen.name} failed (${code !== null ? `exit ${String(code)}` : String(signal)})${last !== '' ? `: ${last}` : ''}`,
        });
      }
    });
  });
  return {
    stop: () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopped = true;
      child.kill('SIGTERM');
    },
    done,
  };
}
