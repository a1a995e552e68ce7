// Manager sessions are signed JWTs (HS256) with an expiry; the key is generated once per installation.
import { SignJWT, jwtVerify } from 'jose';
import type { ManagerRole } from './manager.entity.js';

export interface TokenClaims {
  managerId: string;
  role: ManagerRole;
}

export class TokenSigner {
  private readonly key: Uint8Array;

  constructor(secret: string, private readonly ttlHours: number) {
    this.key = Buffer.from(secret, 'base64');
  }

  sign(claims: TokenClaims, now = new Date()): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({ role: claims.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.managerId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + Math.round(this.ttlHours * 3600))
      .setIssuer('cantine')
      .sign(this.key);
  }

  /** The claims of a valid, unexpired token; null for anything else. */
  async verify(token: string, now = new Date()): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: 'cantine', algorithms: ['HS256'], currentDate: now });
      const role = payload.role === 'staff' ? 'staff' : payload.role === 'manager' ? 'manager' : null;
      return payload.sub && role ? { managerId: payload.sub, role } : null;
    } catch {
      return null;
    }
  }
}
