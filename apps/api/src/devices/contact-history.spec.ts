import { describe, expect, it } from 'vitest';
import { ContactHistory } from './contact-history.js';

const s = (seconds: number) => seconds * 1000;

describe('contact history', () => {
  it('counts a device heard on both sides within the gap as heard between', () => {
    const history = new ContactHistory(s(90));
    history.heard('r1', s(0), true);
    history.heard('r1', s(60));
    history.heard('r1', s(120));
    expect(history.wasHearing('r1', s(90))).toBe(true);
    expect(history.wasHearing('r1', s(200))).toBe(false);
    expect(history.wasHearing('r1', s(-10))).toBeUndefined();
    expect(history.wasHearing('r2', s(90))).toBeUndefined();
  });

  it('breaks the contact at a silence longer than the gap, at a will, and at a new session', () => {
    const history = new ContactHistory(s(90));
    history.heard('r1', s(0), true);
    history.heard('r1', s(200));
    expect(history.wasHearing('r1', s(100))).toBe(false);
    history.heard('r1', s(250), false);
    history.heard('r1', s(260));
    expect(history.wasHearing('r1', s(255))).toBe(false);
    // A reconnection within the gap: its hello starts a new contact, the outage is not covered.
    history.heard('r1', s(300));
    history.heard('r1', s(330), true);
    expect(history.wasHearing('r1', s(315))).toBe(false);
    expect(history.wasHearing('r1', s(330))).toBe(true);
  });

  it('forgets a deleted device: a new one with its id starts unknown', () => {
    const history = new ContactHistory(s(90));
    history.heard('r1', s(0), true);
    history.heard('r1', s(60));
    history.forget('r1');
    expect(history.wasHearing('r1', s(30))).toBeUndefined();
  });
});
