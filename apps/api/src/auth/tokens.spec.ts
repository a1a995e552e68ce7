import { describe, expect, it } from 'vitest';
import { TokenSigner } from './tokens.js';

const secret = Buffer.alloc(32, 7).toString('base64');
const subject = { managerId: 'm-1', role: 'manager' as const, version: 3 };

describe('manager tokens', () => {
  const signer = new TokenSigner(secret, 12);
  const issued = new Date('2026-11-29T08:00:00Z');

  it('carries the manager, role, version and an id until it expires', async () => {
    const token = await signer.sign(subject, issued);
    const claims = await signer.verify(token, new Date('2026-11-29T19:59:00Z'));
    expect(claims).toMatchObject({ ...subject, expiresAt: new Date('2026-11-29T20:00:00Z') });
    expect(claims?.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(await signer.verify(token, new Date('2026-11-29T20:00:01Z'))).toBeNull();
  });

  it('gives each token its own id', async () => {
    const [a, b] = await Promise.all([signer.sign(subject, issued), signer.sign(subject, issued)]);
    expect((await signer.verify(a, issued))?.jti).not.toBe((await signer.verify(b, issued))?.jti);
  });

  it('refuses a token signed with another key, tampered with, or without a version', async () => {
    const token = await signer.sign(subject, issued);
    const other = new TokenSigner(Buffer.alloc(32, 8).toString('base64'), 12);
    expect(await other.verify(token, issued)).toBeNull();
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'm-1', role: 'manager', iss: 'cantine', exp: 9_999_999_999 })).toString('base64url');
    expect(await signer.verify(`${header}.${forged}.${signature}`, issued)).toBeNull();
    expect(await signer.verify(`${header}.${payload}`, issued)).toBeNull();
    expect(await signer.verify('garbage', issued)).toBeNull();
  });
});
