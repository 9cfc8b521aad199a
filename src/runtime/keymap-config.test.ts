import { describe, expect, it } from 'vitest';
import { KeybindingError, keymapFromConfig } from './keymap-config.js';

describe('[keybindings] overrides', () => {
  it('replace the keys of a command (a string or a list)', () => {
    const k = keymapFromConfig({ 'app.help': 'ctrl+h', 'composer.newline': ['ctrl+o'] });
    expect(k['app.help']).toEqual(['ctrl+h']);
    expect(k['composer.newline']).toEqual(['ctrl+o']);
    expect(k['app.quit']).toEqual(['ctrl+c']);
  });

  it('reject an unknown command id, naming the nearest one', () => {
    expect(() => keymapFromConfig({ 'app.hlep': 'ctrl+h' })).toThrow(KeybindingError);
    expect(() => keymapFromConfig({ 'app.hlep': 'ctrl+h' })).toThrow(
      '[keybindings] "app.hlep" is not a command; did you mean "app.help"?',
    );
    expect(() => keymapFromConfig({ 'zzz.qqq': 'x' })).toThrow(/"zzz.qqq" is not a command \(/);
  });
});
