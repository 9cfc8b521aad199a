// No audio player or sound device exists on the test machines, so small shell
// scripts named like the players stand in for them on a temporary PATH: they
// record the arguments they were given (and the file's bytes) and exit, or
// wait to be stopped. What is tested is the finding, the choice and the
// process handling, not the sound.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tinyWav } from '../../../test/fixtures/backends/media-bytes.js';
import { findPlayer, play } from './player.js';

let dir: string;
const host = (extra: Record<string, string> = {}) => ({
  platform: 'linux' as const,
  env: { PATH: dir, ...extra },
});

/** A stand-in player: copies its last argument to `<name>.got`, writes its args, then acts. */
function fakePlayer(name: string, body = 'exit 0'): void {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    `#!/bin/sh\nfor a; do last="$a"; done\necho "$@" > "${dir}/${name}.args"\ncp "$last" "${dir}/${name}.got" 2>/dev/null\n${body}\n`,
    { mode: 0o755 },
  );
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtui-player-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('finding an audio player', () => {
  it('names every player looked for when there is none', () => {
    expect(findPlayer(host())).toEqual({
      found: false,
      message:
        'no audio player found on PATH (looked for pw-play, paplay, aplay, afplay, ffplay): install one — ' +
        'pipewire (pw-play), pulseaudio-utils (paplay), alsa-utils (aplay) or ffmpeg (ffplay) — ' +
        'or set attachments.audio_player in the config',
    });
  });

  it('prefers pw-play, then paplay, aplay, afplay, ffplay; a configured one first', () => {
    fakePlayer('ffplay');
    fakePlayer('aplay');
    expect(findPlayer(host())).toMatchObject({ found: true, name: 'aplay' });
    fakePlayer('pw-play');
    expect(findPlayer(host())).toMatchObject({ found: true, name: 'pw-play' });
    expect(findPlayer({ ...host(), configured: 'ffplay' })).toMatchObject({
      found: true,
      name: 'ffplay',
      path: path.join(dir, 'ffplay'),
    });
    expect(findPlayer({ ...host(), configured: 'mpv' })).toEqual({
      found: false,
      message:
        'the audio player "mpv" (attachments.audio_player) was not found; fix the setting, or remove it to use one of pw-play, paplay, aplay, afplay, ffplay',
    });
  });

  it('skips a file that is not executable', () => {
    fs.writeFileSync(path.join(dir, 'paplay'), '#!/bin/sh\n', { mode: 0o644 });
    expect(findPlayer(host()).found).toBe(false);
  });
});

describe('playing', () => {
  it('plays bytes through a temporary file with the same bytes, removed afterwards', async () => {
    fakePlayer('paplay');
    const wav = tinyWav(100);
    const p = await play(wav, host());
    expect(await p.done).toEqual({ ok: true });
    const args = fs.readFileSync(path.join(dir, 'paplay.args'), 'utf8').trim();
    expect(args).toMatch(/mistralrs-tui-audio-[0-9a-f]+\.wav$/);
    expect(fs.readFileSync(path.join(dir, 'paplay.got')).equals(Buffer.from(wav))).toBe(true);
    expect(fs.existsSync(args)).toBe(false);
  });

  it('gives ffplay the flags that play without a window and exit at the end', async () => {
    fakePlayer('ffplay');
    const file = path.join(dir, 'a.wav');
    fs.writeFileSync(file, tinyWav(50));
    const p = await play(file, host());
    await p.done;
    expect(fs.readFileSync(path.join(dir, 'ffplay.args'), 'utf8').trim()).toBe(
      `-nodisp -autoexit -loglevel error ${file}`,
    );
    expect(fs.existsSync(file)).toBe(true);
  });

  it('stops a playing sound', async () => {
    fakePlayer('aplay', 'exec sleep 30');
    const p = await play(tinyWav(100), host());
    // Stopped once it is really playing (it has written its arguments).
    while (!fs.existsSync(path.join(dir, 'aplay.got'))) await new Promise((r) => setTimeout(r, 10));
    p.stop();
    expect(await p.done).toEqual({ ok: true });
  });

  it('reports a player that fails, with its last words', async () => {
    fakePlayer('paplay', 'echo "Failed to open audio file." >&2; exit 1');
    const p = await play(tinyWav(100), host());
    expect(await p.done).toEqual({
      ok: false,
      message: 'paplay failed (exit 1): Failed to open audio file.',
    });
  });

  it('does not hand MP3 to aplay (WAV only), and says what to install', async () => {
    fakePlayer('aplay');
    const mp3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0]);
    await expect(play(mp3, host())).rejects.toThrow(
      'aplay cannot play MP3: install ffmpeg (ffplay), or set attachments.audio_player',
    );
  });

  it('refuses when there is no player, naming them', async () => {
    await expect(play(tinyWav(10), host())).rejects.toThrow(
      /^no audio player found on PATH \(looked for pw-play, paplay, aplay, afplay, ffplay\)/,
    );
  });
});
