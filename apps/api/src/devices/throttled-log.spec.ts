import { describe, expect, it } from 'vitest';
import { ThrottledLog } from './throttled-log.js';

describe('a log line per key per minute', () => {
  it('writes the first line of a key, then nothing for that key for a minute', () => {
    let now = 0;
    const lines: string[] = [];
    const log = new ThrottledLog((line) => lines.push(line), 60_000, () => now);
    log.log('reader-1', 'a');
    log.log('reader-1', 'b');
    log.log('reader-2', 'c');
    now = 59_999;
    log.log('reader-1', 'd');
    now = 60_000;
    log.log('reader-1', 'e');
    expect(lines).toEqual(['a', 'c', 'e']);
  });
});
