import { localIso } from '../../time/zoned.js';
import { findDate } from './dates.js';
import { tokenize } from './tokens.js';

/** The date a message names, as local wall time in the zone ("2026-03-16T07:45"). */
function read(text: string, now: string, timezone = 'Europe/Paris'): string | undefined {
  const found = findDate(tokenize(text), new Date(now), timezone);
  return found && localIso(found.instant, timezone).slice(0, 16);
}

// Tuesday 10 March 2026 in Paris (UTC+1).
const MORNING = '2026-03-10T06:00:00Z'; // 07:00 there
const AFTERNOON = '2026-03-10T14:00:00Z'; // 15:00 there
const LATE = '2026-03-10T21:30:00Z'; // 22:30 there

describe('clock times without am or pm, read as a person would', () => {
  it('reads an hour from 7 on a named day as the morning', () => {
    expect(read('remind me Monday at 7:45 to call the bank', AFTERNOON)).toBe('2026-03-16T07:45');
    expect(read('dentist on Friday at 8', AFTERNOON)).toBe('2026-03-13T08:00');
    expect(read('tomorrow at 10:30 remind me to send the slides', LATE)).toBe('2026-03-11T10:30');
    expect(read('remind me on March 20 at 11 to renew the domain', MORNING)).toBe('2026-03-20T11:00');
  });

  it('reads 1 to 6 as the afternoon whatever the day', () => {
    expect(read('remind me Monday at 5 to leave early', AFTERNOON)).toBe('2026-03-16T17:00');
    expect(read('tomorrow at 2:15 call the printer', MORNING)).toBe('2026-03-11T14:15');
    expect(read('remind me at 4 to stretch', MORNING)).toBe('2026-03-10T16:00');
  });

  it('without a day, takes the nearest of morning and evening still ahead', () => {
    expect(read('remind me at 8 to water the plants', MORNING)).toBe('2026-03-10T08:00');
    expect(read('remind me at 8 to water the plants', AFTERNOON)).toBe('2026-03-10T20:00');
    expect(read('remind me at 8 to water the plants', LATE)).toBe('2026-03-11T08:00');
    expect(read('ping me at 7:45 about the bins', '2026-03-10T06:50:00Z')).toBe('2026-03-10T19:45');
    // "today" with a morning hour already gone: the evening one.
    expect(read('today at 9 remind me to call mum', AFTERNOON)).toBe('2026-03-10T21:00');
  });

  it('follows the words that name the half of the day', () => {
    expect(read('remind me tomorrow morning at 7 to jog', AFTERNOON)).toBe('2026-03-11T07:00');
    expect(read('remind me Thursday evening at 9 to call Jo', MORNING)).toBe('2026-03-12T21:00');
    expect(read('book the table for dinner on Saturday at 8', MORNING)).toBe('2026-03-14T20:00');
    expect(read('remind me to prepare breakfast at 6 tomorrow', AFTERNOON)).toBe('2026-03-11T06:00');
    expect(read('tonight at 11 remind me to lock up', MORNING)).toBe('2026-03-10T23:00');
  });

  it('leaves explicit and 24-hour times as they are', () => {
    expect(read('remind me Monday at 7:45pm to call the bank', MORNING)).toBe('2026-03-16T19:45');
    expect(read('remind me Monday at 7am to run', AFTERNOON)).toBe('2026-03-16T07:00');
    expect(read('remind me Monday at 19:30 to call', MORNING)).toBe('2026-03-16T19:30');
    expect(read('remind me tomorrow at noon to eat', MORNING)).toBe('2026-03-11T12:00');
  });

  it('holds in another zone and across the change to summer time', () => {
    // 22:00 in Tokyo: "at 8" is tomorrow morning there.
    expect(read('remind me at 8 to call Kenji', '2026-03-10T13:00:00Z', 'Asia/Tokyo')).toBe('2026-03-11T08:00');
    // Paris moves to UTC+2 on Sunday 29 March.
    expect(read('remind me Monday at 7:30 to file the VAT return', '2026-03-27T10:00:00Z')).toBe('2026-03-30T07:30');
  });
});
