// Turns network failures into one-line messages with a hint a user can act on.

function causeCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur instanceof Error; i++) {
    if ('code' in cur && typeof cur.code === 'string') return cur.code;
    cur = cur.cause;
  }
  return undefined;
}

/** The innermost message of an error chain. */
function rootMessage(err: unknown): string {
  let cur: unknown = err;
  while (cur instanceof Error && cur.cause instanceof Error) cur = cur.cause;
  return cur instanceof Error ? cur.message : String(cur);
}

export function describeNetworkError(
  err: unknown,
  url: string,
  server = 'mistralrs serve',
): string {
  let port = '';
  let host = url;
  try {
    const u = new URL(url);
    host = u.hostname;
    port = u.port !== '' ? u.port : u.protocol === 'https:' ? '443' : '80';
  } catch {
    // keep the raw string
  }
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `no answer from ${url} in time — is the server busy or the address wrong?`;
  }
  switch (causeCode(err)) {
    case 'ECONNREFUSED':
      return `connection refused at ${url} — is ${server} running on port ${port}?`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `the connection to ${url} was closed by the server — check the server's log.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve host "${host}" — check the URL.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host ${host} is unreachable — check the network and the URL.`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `timed out connecting to ${url} — is the host up and the port open?`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'CERT_HAS_EXPIRED':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return `TLS certificate of ${url} was not accepted (${causeCode(err) ?? 'TLS error'}) — check the URL or the certificate.`;
    default: {
      const root = rootMessage(err);
      if (root === 'bad port') {
        return `port ${port} is one that HTTP clients refuse to use (a "bad port") — run the server on another port.`;
      }
      return `request to ${url} failed: ${causeCode(err) ?? root}`;
    }
  }
}
