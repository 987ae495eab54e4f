import { formatBytes } from './format-bytes.js';

describe('formatBytes', () => {
  it('keeps bytes whole and steps up by 1024', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1023)).toBe('1023 bytes');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(100 * 1024 * 1024)).toBe('100 MB');
  });

  it('shows one decimal below ten and none above', () => {
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(15.4 * 1024)).toBe('15 KB');
  });

  it('stops at TB', () => {
    expect(formatBytes(2048 * 1024 ** 4)).toBe('2048 TB');
  });
});
