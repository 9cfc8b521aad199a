// Builds the ChatBackend for a configured profile. node-llama-cpp (embedded)
// is loaded with import() only when an embedded backend first runs.
import type { ChatBackend } from '../../domain/backend.js';
import { BackendError } from '../../domain/backend.js';
import type { Logger } from '../../domain/log.js';
import { apiKeyOf, expandHome } from '../../config/effective.js';
import type { BackendProfile } from '../../config/schema.js';
import { EmbeddedBackend } from './embedded.js';
import { HttpBackend } from './http-backend.js';

export { HttpBackend, httpError } from './http-backend.js';
export type { HttpBackendOptions } from './http-backend.js';

export interface BackendContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
}

export function createBackend(
  name: string,
  profile: BackendProfile,
  ctx: BackendContext,
): ChatBackend {
  if (profile.kind === 'embedded') {
    return new EmbeddedBackend({
      name,
      ...(profile.model !== undefined && profile.model !== 'default'
        ? { modelPath: expandHome(profile.model) }
        : {}),
      threads: profile.threads,
      contextSize: profile.context_size,
      ...(ctx.logger !== undefined ? { logger: ctx.logger } : {}),
    });
  }
  if (profile.url === undefined) {
    throw new BackendError({ code: 'unsupported', message: `backend "${name}" has no url` });
  }
  const apiKey = apiKeyOf(profile, ctx.env);
  return new HttpBackend({
    name,
    kind: profile.kind,
    url: profile.url,
    ...(apiKey !== undefined ? { apiKey } : {}),
    connectTimeoutMs: profile.connect_timeout_ms,
    firstByteTimeoutMs: profile.first_byte_timeout_ms,
    idleTimeoutMs: profile.idle_timeout_ms,
    requestTimeoutMs: profile.request_timeout_ms,
    ...(ctx.logger !== undefined ? { logger: ctx.logger } : {}),
  });
}
