import { describe, expect, it } from 'vitest';
import { TokenSigner } from './tokens.js';

const secret = Buffer.alloc(32, 7).toString('base64');
const claims = { managerId: 'm-1', role: 'manager' as const };

describe('manager tokens', () => {
  const signer = new TokenSigner(secret, 12);
  const issued = new Date('2026-11-29T08:00:00Z');

  it('carries the manager and role until it expires', async () => {
    const token = await signer.sign(claims, issued);
    expect(await signer.verify(token, new Date('2026-11-29T19:59:00Z'))).toEqual(claims);
    expect(await signer.verify(token, new Date('2026-11-29T20:00:01Z'))).toBeNull();
  });

  it('refuses a token signed with another key, or tampered with', async () => {
    const token = await signer.sign(claims, issued);
    const other = new TokenSigner(Buffer.alloc(32, 8).toString('base64'), 12);
    expect(await other.verify(token, issued)).toBeNull();
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'm-1', role: 'manager', iss: 'cantine', exp: 9_999_999_999 })).toString('base64url');
    expect(await signer.verify(`${header}.${forged}.${signature}`, issued)).toBeNull();
    expect(await signer.verify(`${header}.${payload}`, issued)).toBeNull();
    expect(await signer.verify('garbage', issued)).toBeNull();
  });
});
