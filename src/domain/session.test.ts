import { describe, expect, it } from 'vitest';
import { renderTemplate, templateVariables } from './session.js';

describe('prompt templates', () => {
  it('lists variables once, in order of first use', () => {
    expect(templateVariables('Hi {{ name }}, {{topic}} and {{name}} again; {{ 9bad }}')).toEqual([
      'name',
      'topic',
    ]);
  });

  it('fills known variables and leaves unknown ones as written', () => {
    expect(
      renderTemplate('Summarize {{text}} in {{ n }} words, {{tone}}', { text: 'this', n: '5' }),
    ).toBe('Summarize this in 5 words, {{tone}}');
  });
});
