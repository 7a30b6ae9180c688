/** The console reads `#panel=…` (set by the desktop app's tray and notifications) and nothing else. */
import { describe, expect, it } from 'vitest';
import { requestedPanel } from '../../../shared/desktop-settings';

describe('requestedPanel', () => {
  it('reads a known panel from the hash', () => {
    expect(requestedPanel('#panel=release')).toBe('release');
    expect(requestedPanel('#panel=timeline')).toBe('timeline');
    expect(requestedPanel('panel=settings')).toBe('settings');
  });

  it('ignores unknown panels and other hashes (the headless console token)', () => {
    expect(requestedPanel('#panel=__proto__')).toBeNull();
    expect(requestedPanel('#panel=')).toBeNull();
    expect(requestedPanel('#token=abcdefabcdefabcdef')).toBeNull();
    expect(requestedPanel('')).toBeNull();
  });
});
