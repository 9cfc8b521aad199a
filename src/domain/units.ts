// How sizes and counts are written, so that the TUI's models tab and the
// `models` command show a model the same way. `-` stands for "not known".

/** Bytes in binary units, three significant figures at most: "93.8 MiB", "512 B", "100 GiB". */
export function formatBytes(n: number | null): string {
  if (n === null) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 || v >= 100 ? 0 : 1)} ${units[i] ?? 'B'}`;
}

/** A count in K, M or B: "135M" parameters, "8.0B", "4K" tokens of context. */
export function formatCount(n: number | null): string {
  if (n === null) return '-';
  if (n >= 1e9) return `${(n / 1e9).toFixed(n >= 1e10 ? 0 : 1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)}K`;
  return String(n);
}
