// Sortable ids: 26 characters of Crockford base32, a 48-bit millisecond time
// then 80 random bits (the ULID layout). Ids made by one process are strictly
// increasing even within a millisecond, so id order is creation order.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 16;

let lastTime = -1;
let lastRandom: number[] = [];

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = (ALPHABET[t % 32] ?? '0') + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function freshRandom(): number[] {
  // node:crypto is taken on the first id, not when the module loads: the TUI's
  // first frame does not need it.
  const bytes = process.getBuiltinModule('node:crypto').randomBytes(RANDOM_CHARS);
  return Array.from(bytes, (b) => b % 32);
}

/** Adds one to the base-32 digits; false when they overflow. */
function increment(digits: number[]): boolean {
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = digits[i] ?? 0;
    if (d < 31) {
      digits[i] = d + 1;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}

/** A new id; `now` is injectable for tests. */
export function newId(now: number = Date.now()): string {
  let time = Math.max(now, lastTime);
  if (time === lastTime) {
    if (!increment(lastRandom)) {
      time += 1;
      lastRandom = freshRandom();
    }
  } else {
    lastRandom = freshRandom();
  }
  lastTime = time;
  return encodeTime(time) + lastRandom.map((d) => ALPHABET[d] ?? '0').join('');
}

/** The creation time encoded in an id made by `newId`, or undefined. */
export function idTime(id: string): number | undefined {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id)) return undefined;
  let t = 0;
  for (const c of id.slice(0, 10)) t = t * 32 + ALPHABET.indexOf(c);
  return t;
}
