// A self-made certificate for the TLS suites, made with the openssl command line. Where openssl is
// missing a suite skips, except under CANTINE_REQUIRE_SERVICES=1 (CI), where that is a failure.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { requireServices } from './services.js';

/** Whether openssl is installed; `suite` names what is skipped without it. */
export function opensslPresent(suite: string): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (requireServices) throw new Error(`openssl is not installed, and CANTINE_REQUIRE_SERVICES=1 requires it (${suite})`);
    console.warn(`[skip] ${suite} skipped: openssl is not installed.`);
    return false;
  }
}

/** A key and a self-signed certificate for `commonName` in `dir`; their file paths. */
export function selfSignedCertificate(dir: string, commonName = 'localhost', extensions: string[] = []): { keyFile: string; certFile: string } {
  const [keyFile, certFile] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  const request = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${commonName}`];
  execFileSync('openssl', [...request, ...extensions.flatMap((extension) => ['-addext', extension])], { stdio: 'ignore' });
  return { keyFile, certFile };
}
