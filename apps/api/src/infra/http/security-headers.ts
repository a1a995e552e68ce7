// Security headers on every response. The two pages get a strict Content-Security-Policy: their
// own scripts only, their own socket.io, no frames from elsewhere. The OpenAPI page (Swagger UI)
// keeps its inline bootstrap and gets the other headers only.
import type { NextFunction, Request, Response } from 'express';

const pageCsp = [
  "default-src 'self'",
  "script-src 'self'",
  // Charts and the floor plan set style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

export function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'SAMEORIGIN');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (/^\/(wall|dashboard)(\/|$)/.test(request.path)) response.setHeader('Content-Security-Policy', pageCsp);
  if (request.secure) response.setHeader('Strict-Transport-Security', 'max-age=31536000');
  next();
}
