// Names, e-mails, badge UIDs and pass titles stay out of the service log in the first place
// (docs/security.md, "Privacy"): no log call interpolates them, and request URLs are masked.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loggableUrl } from '../../apps/api/src/infra/logging.js';

const root = 'apps/api/src';
const sources = (fs.readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));
// A log call's text, up to its closing parenthesis on the same or following lines.
const logCalls = /\b(?:logger|this\.logger|console)\.(?:log|info|warn|error|debug|verbose|trace)\(([\s\S]*?)\);/g;
// Interpolated or concatenated fields that name a person or a badge.
const personal = /\$\{[^}]*\b(?:uid|uids|email|memberName|title|fullName)\b[^}]*\}|\$\{\s*(?:member|person)\.name\s*\}|\+\s*\w*\.(?:uid|email|title|memberName)\b/;

describe('personal data in logs', () => {
  it('is interpolated by no log call of the service', () => {
    const offenders: string[] = [];
    for (const file of sources) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      for (const [call, args] of text.matchAll(logCalls)) if (personal.test(args!)) offenders.push(`${file}: ${call.slice(0, 160)}`);
    }
    expect(offenders).toEqual([]);
  });

  it.each([
    ['/api/badges/04A224B2C31F80/revoke', '/api/badges/…/revoke'],
    ['/api/badges/04:a2:24:b2:c3:1f:80/revoke?x=1', '/api/badges/…/revoke?x=1'],
    ['/api/access-events?site=quimper&uid=04A224B2C31F80&limit=5', '/api/access-events?site=quimper&uid=…&limit=5'],
    ['/api/members?email=anne%40example.org', '/api/members?email=…'],
    ['/api/members/3f1c/passes', '/api/members/3f1c/passes'],
  ])('masks %s in request logs', (url, logged) => {
    expect(loggableUrl(url)).toBe(logged);
  });
});
