import { describe, expect, it } from 'vitest';
import { parseInfluxUrl } from './influx-url.js';

describe('parseInfluxUrl', () => {
  it.each([
    ['http://127.0.0.1:8086/cantine', { protocol: 'http', host: '127.0.0.1', port: 8086, database: 'cantine' }],
    ['http://influxdb/cantine/', { protocol: 'http', host: 'influxdb', port: 8086, database: 'cantine' }],
    ['https://ts.example.org:443/cantine_prod', { protocol: 'https', host: 'ts.example.org', port: 443, database: 'cantine_prod' }],
    ['https://ts.example.org/cantine', { protocol: 'https', host: 'ts.example.org', port: 443, database: 'cantine' }],
    ['http://influxdb:80/cantine', { protocol: 'http', host: 'influxdb', port: 80, database: 'cantine' }],
    ['http://cantine:p%40ss%3Aword@[::1]:18086/cantine', { protocol: 'http', host: '::1', port: 18086, database: 'cantine', username: 'cantine', password: 'p@ss:word' }],
  ])('reads %s', (url, expected) => {
    expect(parseInfluxUrl(url)).toEqual(expected);
  });

  it.each([
    ['not a URL', 'not a url'],
    ['another scheme', 'mqtt://host/cantine'],
    ['no database', 'http://127.0.0.1:8086'],
    ['a database with a quote', 'http://127.0.0.1:8086/can"tine'],
    ['a nested path', 'http://127.0.0.1:8086/a/b'],
  ])('refuses %s', (_what, url) => {
    expect(() => parseInfluxUrl(url)).toThrow(/InfluxDB URL/);
  });

  it('never repeats the password in its errors', () => {
    expect(() => parseInfluxUrl('http://u:s3cret@host:8086/')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cret') }));
  });
});
