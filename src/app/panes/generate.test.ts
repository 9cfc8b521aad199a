import { describe, expect, it } from 'vitest';
import type { Effect } from '../types/effects.js';
import type { State } from '../types/state.js';
import { press, run, testState } from '../testing.js';
import { testModel } from './models-testing.js';

const typeText = (s: State, text: string): State => run(s, ...Array.from(text, (c) => press(c)))[0];
const genOf = (fx: readonly Effect[]) =>
  fx.find((e): e is Extract<Effect, { type: 'generateMedia' }> => e.type === 'generateMedia');

describe('generating', () => {
  it("/image PROMPT generates with the served diffusion model, the chat's model unchanged", () => {
    let s = testState();
    s = run(
      s,
      {
        type: 'inventoryLoaded',
        models: [testModel('flux', { kind: 'diffusion', format: 'safetensors' })],
      },
      {
        type: 'serverModelsLoaded',
        models: [{ id: 'default' }, { id: 'smol' }, { id: '/models/flux' }],
      },
    )[0];
    const [next, fx] = run(typeText(s, '/image a red fox'), press('enter'));
    const g = genOf(fx);
    expect(g).toMatchObject({ what: 'image', prompt: 'a red fox', count: 1 });
    expect(next.backend.model).toBe('default');
    expect(next.chat.items.map((i) => i.content)).toEqual(['/image a red fox', '']);
    expect(next.chat.generating?.what).toBe('image');
  });

  it("size and count are the session's settings and go with the request", () => {
    let s = typeText(testState(), '/imgsize 768x512');
    s = run(s, press('enter'))[0];
    s = run(typeText(s, '/imgcount 2'), press('enter'))[0];
    const [, fx] = run(typeText(s, '/image a cat'), press('enter'));
    expect(genOf(fx)).toMatchObject({ width: 768, height: 512, count: 2 });
    const [bad] = run(typeText(testState(), '/imgsize big'), press('enter'));
    expect(bad.notices.at(-1)?.text).toMatch(/WIDTHxHEIGHT/);
  });

  it('a diffusion chat model turns the composer into image prompts; Esc cancels', () => {
    let s = testState(80, 24, { backend: { ...testState().backend, model: 'flux' } });
    s = run(s, { type: 'inventoryLoaded', models: [testModel('flux', { kind: 'diffusion' })] })[0];
    const [next, fx] = run(typeText(s, 'a castle'), press('enter'));
    const g = genOf(fx);
    expect(g).toMatchObject({ what: 'image', prompt: 'a castle', model: 'flux' });
    const [, fx2] = run(next, press('esc'));
    expect(fx2).toContainEqual({ type: 'cancelChat', requestId: g?.requestId });
  });

  it("the results show on the reply; a failure is the reply's error", () => {
    const [s, fx] = run(typeText(testState(), '/speak hello'), press('enter'));
    const g = genOf(fx);
    expect(g?.what).toBe('speech');
    const ref = {
      key: 'a1',
      storeId: 'a1',
      name: 'speech.wav',
      mime: 'audio/wav',
      kind: 'audio' as const,
      sizeBytes: 10,
      origin: 'generated' as const,
    };
    const [done] = run(s, { type: 'generationEnded', requestId: g?.requestId ?? '', refs: [ref] });
    expect(done.chat.items.at(-1)).toMatchObject({ status: 'complete', attachments: [ref] });
    // /save writes the latest sound to a file (the home folder by default).
    const [, saved] = run(typeText(done, '/save'), press('enter'));
    expect(saved).toContainEqual({ type: 'saveAttachmentAs', ref, path: '~/speech.wav' });
    const [, savedTo] = run(typeText(done, '/save /tmp/out/'), press('enter'));
    expect(savedTo).toContainEqual({ type: 'saveAttachmentAs', ref, path: '/tmp/out/speech.wav' });
    expect(done.chat.streaming).toBeUndefined();
    const [failed] = run(s, {
      type: 'generationEnded',
      requestId: g?.requestId ?? '',
      refs: [],
      error: 'HTTP 422: incompatible',
    });
    expect(failed.chat.items.at(-1)).toMatchObject({
      status: 'error',
      error: 'HTTP 422: incompatible',
    });
  });

  it('launching a diffusion model from the models tab leads into a chat that generates with it', () => {
    let s = testState();
    s = run(s, { type: 'inventoryLoaded', models: [testModel('flux', { kind: 'diffusion' })] })[0];
    s = run(s, {
      type: 'sessionOpened',
      session: { id: 's1', title: 't', modelId: null, updatedAt: '2026-01-01T00:00:00.000Z' },
      items: [
        {
          id: 'm1',
          role: 'user',
          content: 'hi',
          status: 'complete',
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      ],
    })[0];
    const [next] = run(
      { ...s, focus: 'sidebar' },
      {
        type: 'backendSwitched',
        name: 'mistralrs',
        kind: 'mistralrs',
        url: 'http://127.0.0.1:9',
        model: 'flux',
      },
    );
    expect(next.chat.items).toEqual([]);
    expect(next.focus).toBe('composer');
    expect(next.notices.at(-1)?.text).toMatch(/flux makes images: type a prompt/);
  });
});
