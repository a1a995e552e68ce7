// Password guessing is slowed: five wrong logins lock the email and the address for 15 minutes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startTestCantine, type TestCantine } from '../support/app.js';

describe('manager login lockout', () => {
  let cantine: TestCantine;
  const login = (password: string) =>
    fetch(`${cantine.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'manager@example.org', password }),
    });

  beforeAll(async () => {
    cantine = await startTestCantine();
  });
  afterAll(() => cantine.dispose());

  it('refuses even the right password after five failures, saying when to retry', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) expect((await login(`wrong-${attempt}`)).status).toBe(401);
    const locked = await login('correct horse battery');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect((await json(locked)).message).toMatch(/Too many failed logins/);
  });
});
