/** Issue 18.6: the schedule card said "(horários UTC)" next to times it shows in local time. */
import { describe, expect, it } from 'vitest';
import { messages } from '../../../shared/messages';

describe('the schedule card in words', () => {
  it('the interval says nothing of UTC beside local times; the note explains the grid', () => {
    expect(messages['pt-BR'].cards.everyText(30)).toBe('30 min');
    expect(messages.en.cards.everyText(30)).toBe('30 min');
    expect(messages['pt-BR'].cards.everyNote).toContain('hora local');
    expect(messages.en.cards.everyNote).toContain('local time');
  });
});
