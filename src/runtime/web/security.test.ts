import { describe, expect, it } from 'vitest';
import {
  allowedHosts,
  cookieHeader,
  cookieName,
  cookieValue,
  hostAllowed,
  isLoopback,
  newToken,
  originAllowed,
  tokenMatches,
} from './security.js';

describe('the web gate', () => {
  it('makes 128-bit tokens, new each time', () => {
    const a = newToken();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newToken()).not.toBe(a);
  });

  it('matches only the exact token, whatever the length given', () => {
    const t = newToken();
    expect(tokenMatches(t, t)).toBe(true);
    expect(tokenMatches(undefined, t)).toBe(false);
    expect(tokenMatches('', t)).toBe(false);
    expect(tokenMatches(t.slice(0, -1), t)).toBe(false);
    expect(tokenMatches(`${t}0`, t)).toBe(false);
    expect(tokenMatches(t.toUpperCase(), t)).toBe(false);
  });

  it('sets an HttpOnly, SameSite=Strict cookie named for the port (Secure over TLS) and reads it back', () => {
    const h = cookieHeader(8080, 'abc', false);
    expect(h).toBe('mistralrs_tui_8080=abc; Path=/; HttpOnly; SameSite=Strict');
    expect(cookieHeader(8080, 'abc', true)).toMatch(/; Secure$/);
    expect(cookieValue(`a=1; ${cookieName(8080)}=abc; b=2`, cookieName(8080))).toBe('abc');
    expect(cookieValue(`${cookieName(8081)}=abc`, cookieName(8080))).toBeUndefined();
    expect(cookieValue(undefined, cookieName(8080))).toBeUndefined();
  });

  it('answers to the loopback names for a loopback bind, on any port (a tunnel), and to nothing else', () => {
    const hosts = allowedHosts('127.0.0.1');
    for (const h of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'LOCALHOST:9', '127.0.0.1'])
      expect(hostAllowed(h, hosts)).toBe(true);
    for (const h of ['evil.example:8080', 'evil.example', '127.0.0.1.evil.example:80', undefined])
      expect(hostAllowed(h, hosts)).toBe(false);
    const wild = allowedHosts('0.0.0.0', ['gpu-box', '10.0.0.5', 'fe80::1']);
    expect(hostAllowed('gpu-box:80', wild)).toBe(true);
    expect(hostAllowed('10.0.0.5:80', wild)).toBe(true);
    expect(hostAllowed('[fe80::1]:80', wild)).toBe(true);
    expect(hostAllowed('evil.example:80', wild)).toBe(false);
    // A non-loopback bind answers to its own address only.
    expect(hostAllowed('localhost:80', allowedHosts('10.0.0.5'))).toBe(false);
  });

  it('takes a WebSocket only from a page of ours: same scheme, same allowed host', () => {
    const hosts = allowedHosts('127.0.0.1');
    expect(originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080', hosts, false)).toBe(true);
    expect(originAllowed('http://evil.example', '127.0.0.1:8080', hosts, false)).toBe(false);
    expect(originAllowed('http://localhost:8080', '127.0.0.1:8080', hosts, false)).toBe(false);
    expect(originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080', hosts, true)).toBe(false);
    expect(originAllowed(undefined, '127.0.0.1:8080', hosts, false)).toBe(false);
    expect(originAllowed('http://evil.example:8080', 'evil.example:8080', hosts, false)).toBe(
      false,
    );
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.5', 'gpu-box']) expect(isLoopback(h)).toBe(false);
  });
});
