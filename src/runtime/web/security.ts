// The web host's gate: who may see the page and drive the app. A browser
// proves itself with the random token printed in the terminal, once in the
// URL and then in an HttpOnly, SameSite=Strict cookie; the WebSocket upgrade
// also needs the page's own Origin, and every request a Host we answer to, so
// another site (or one that rebinds its DNS name to 127.0.0.1) gets nothing.

/** A fresh token: 128 random bits, hex. */
export function newToken(): string {
  return process.getBuiltinModule('node:crypto').randomBytes(16).toString('hex');
}

/**
 * Whether `given` is the token, in time that does not depend on where they
 * differ (both are hashed first, so their lengths do not show either).
 */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const { createHash, timingSafeEqual } = process.getBuiltinModule('node:crypto');
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** The cookie's name; the port is in it because cookies are shared by all ports of a host. */
export function cookieName(port: number): string {
  return `mistralrs_tui_${port}`;
}

export function cookieHeader(port: number, token: string, secure: boolean): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The value of one cookie in a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * The host names we answer to (the Host header without its port): the bound
 * address and, for a loopback bind, the loopback names. A rebinding
 * attacker's name is none of these. The port is not compared: an SSH tunnel
 * may bring the page in on another one.
 */
export function allowedHosts(
  bound: string,
  /** For a wildcard bind (0.0.0.0, ::): this machine's addresses and names. */
  wildcardNames: readonly string[] = [],
): Set<string> {
  const names = new Set<string>();
  const add = (h: string): void => {
    names.add((h.includes(':') && !h.startsWith('[') ? `[${h}]` : h).toLowerCase());
  };
  add(bound);
  const wildcard = bound === '0.0.0.0' || bound === '::';
  if (isLoopback(bound) || wildcard) {
    add('127.0.0.1');
    add('localhost');
    add('::1');
  }
  if (wildcard) for (const n of wildcardNames) add(n);
  return names;
}

/** The host name of a Host header: `[v6]` kept bracketed, the port dropped. */
export function hostName(header: string): string {
  const h = header.toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? h : h.slice(0, end + 1);
  }
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

export function hostAllowed(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  return header !== undefined && allowed.has(hostName(header));
}

/** The Origin a page we served sends: our scheme and the Host it asked for. */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: ReadonlySet<string>,
  secure: boolean,
): boolean {
  if (origin === undefined || host === undefined || !hostAllowed(host, allowed)) return false;
  return origin.toLowerCase() === `${secure ? 'https' : 'http'}://${host.toLowerCase()}`;
}
