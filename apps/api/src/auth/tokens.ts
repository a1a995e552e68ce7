// Sessions are signed JWTs (HS256) with an expiry, an id (`jti`, to void one token) and the
// account's token version (`ver`, to void them all). The key comes from the key file (secret-keys.ts).
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { ManagerRole } from './manager.entity.js';

export interface TokenClaims {
  managerId: string;
  role: ManagerRole;
  /** The account's token version when the token was issued. */
  version: number;
  jti: string;
  expiresAt: Date;
}

export type TokenSubject = Pick<TokenClaims, 'managerId' | 'role' | 'version'>;

export class TokenSigner {
  private readonly key: Uint8Array;

  constructor(key: Uint8Array | string, private readonly ttlHours: number) {
    this.key = typeof key === 'string' ? Buffer.from(key, 'base64') : key;
  }

  sign(subject: TokenSubject, now = new Date()): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({ role: subject.role, ver: subject.version })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject.managerId)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + Math.round(this.ttlHours * 3600))
      .setIssuer('cantine')
      .sign(this.key);
  }

  /** The claims of a well-signed, unexpired token; null for anything else. Not revocation: see AuthService. */
  async verify(token: string, now = new Date()): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: 'cantine', algorithms: ['HS256'], currentDate: now });
      const role = payload.role === 'staff' ? 'staff' : payload.role === 'manager' ? 'manager' : null;
      const { sub, jti, exp, ver } = payload;
      if (!sub || !role || !jti || typeof exp !== 'number' || typeof ver !== 'number') return null;
      return { managerId: sub, role, version: ver, jti, expiresAt: new Date(exp * 1000) };
    } catch {
      return null;
    }
  }
}
