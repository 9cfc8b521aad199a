// Keeps secrets out of log lines: values of secret-named fields, known secret
// strings (API keys) wherever they appear, bearer tokens and URL passwords.

const SECRET_FIELD = /(^|_)(api_?key|authorization|password|secret|token)$/i;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@/\s]+@/gi;

export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: Iterable<string | undefined> = []) {
    // Very short "secrets" would blank out ordinary words; keys are long.
    this.secrets = [...secrets].filter((s): s is string => s !== undefined && s.length >= 6);
  }

  text(value: string): string {
    let out = value.replace(BEARER, '$1<redacted>').replace(URL_PASSWORD, '$1<redacted>@');
    for (const secret of this.secrets) out = out.split(secret).join('<redacted>');
    return out;
  }

  value(value: unknown, key = '', depth = 0): unknown {
    if (SECRET_FIELD.test(key) && value !== undefined && value !== null) return '<redacted>';
    if (typeof value === 'string') return this.text(value);
    if (depth > 6 || value === null || typeof value !== 'object') return value;
    if (value instanceof Error) {
      return {
        name: value.name,
        message: this.text(value.message),
        ...('code' in value ? { code: value.code } : {}),
      };
    }
    if (Array.isArray(value)) return value.map((v) => this.value(v, '', depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.value(v, k, depth + 1);
    return out;
  }
}
