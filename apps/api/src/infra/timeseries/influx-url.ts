// INFLUX_URL: http(s)://[user[:password]@]host[:port]/database; port 8086 by default (443 for https).
export interface InfluxConnection {
  protocol: 'http' | 'https';
  host: string;
  port: number;
  database: string;
  username?: string;
  password?: string;
}

const DATABASE = /^[A-Za-z0-9_-]{1,64}$/;

/** Parses the URL; error messages never repeat it, as it may hold a password. */
export function parseInfluxUrl(url: string): InfluxConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('InfluxDB URL is not a valid URL (expected http://host:8086/database)');
  }
  const protocol = parsed.protocol.slice(0, -1);
  if (protocol !== 'http' && protocol !== 'https') {
    throw new Error(`InfluxDB URL must use http or https, not ${protocol}`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, ''));
  if (!DATABASE.test(database)) {
    throw new Error('InfluxDB URL must name the database in its path, e.g. http://127.0.0.1:8086/cantine');
  }
  const connection: InfluxConnection = {
    protocol,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: explicitPort(url) ?? (protocol === 'https' ? 443 : 8086),
    database,
  };
  if (parsed.username) connection.username = decodeURIComponent(parsed.username);
  if (parsed.password) connection.password = decodeURIComponent(parsed.password);
  return connection;
}

/** The port as written: URL drops a scheme's default one (":443" for https), which InfluxDB does not share. */
function explicitPort(url: string): number | undefined {
  const port = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/?#]*):(\d+)/i.exec(url)?.[1];
  return port === undefined ? undefined : Number(port);
}
