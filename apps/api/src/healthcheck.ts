// The container's health check (docker-compose.yml): GET /health on the service's own port, over
// HTTPS when TLS is on (TLS_CERT_FILE set), since the service then answers nothing over plain HTTP.
// The certificate names the public host, not 127.0.0.1, so it is not verified here: this checks
// that the service answers and is healthy, not who it is. Exit code 0 when `/health` says 200.
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The URL the check calls, following the scheme the service serves (same variables as env.schema.ts). */
export function healthUrl(env: NodeJS.ProcessEnv): string {
  const scheme = env.TLS_CERT_FILE ? 'https' : 'http';
  return `${scheme}://127.0.0.1:${env.PORT || '3000'}/health`;
}

/** Whether `/health` answers 200 within `timeoutMs`; never rejects. */
export function checkHealth(env: NodeJS.ProcessEnv, timeoutMs = 4000): Promise<boolean> {
  const url = healthUrl(env);
  return new Promise((resolve) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const request = get(url, { timeout: timeoutMs, rejectUnauthorized: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void checkHealth(process.env).then((healthy) => process.exit(healthy ? 0 : 1));
}
