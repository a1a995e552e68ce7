// Security headers on every response. The two pages get a strict Content-Security-Policy: their
// own scripts only, sockets to their own origin only (not any ws: host), no frames from elsewhere. The OpenAPI page (Swagger UI)
// keeps its inline bootstrap and gets the other headers only.
import type { NextFunction, Request, Response } from 'express';

const pageCsp = (connect: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    // Charts and the floor plan set style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');

// A Host header we are willing to echo into the policy: a name or an address, and a port.
const plainHost = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * 'self' covers ws:/wss: to the page's own host in CSP 3 browsers; older ones need the socket's
 * origin spelt out. Either way only the origin the page came from.
 */
function connectSources(request: Request): string {
  const host = request.headers.host;
  if (!host || !plainHost.test(host)) return "'self'";
  return `'self' ${request.secure ? 'wss' : 'ws'}://${host}`;
}

export function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'SAMEORIGIN');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (/^\/(wall|dashboard)(\/|$)/.test(request.path)) response.setHeader('Content-Security-Policy', pageCsp(connectSources(request)));
  if (request.secure) response.setHeader('Strict-Transport-Security', 'max-age=31536000');
  next();
}
