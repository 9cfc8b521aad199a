// GPU and memory readings: nvidia-smi (query mode, CSV) when it is installed,
// else the devices the server reports in /v1/system/info, else RAM only.
// A figure that no source gave is left out, never guessed.
import os from 'node:os';
import type { SystemInfo } from '../../domain/backend.js';
import type { GpuReading, HardwareReading, ServerHost } from '../../domain/telemetry.js';

const MiB = 1024 * 1024;
export const NVIDIA_SMI_ARGS = [
  '--query-gpu=name,utilization.gpu,memory.used,memory.total',
  '--format=csv,noheader,nounits',
];

/** Parses `nvidia-smi --query-gpu=name,utilization.gpu,memory.used,memory.total --format=csv,noheader,nounits`. */
export function parseNvidiaSmi(csv: string): GpuReading[] {
  const out: GpuReading[] = [];
  for (const line of csv.split('\n')) {
    if (line.trim() === '') continue;
    const cells = line.split(',').map((c) => c.trim());
    const [name, util, used, total] = cells;
    if (name === undefined || name === '') continue;
    const n = (v: string | undefined): number | undefined => {
      const x = Number(v);
      return v !== undefined && v !== '' && Number.isFinite(x) ? x : undefined; // "[N/A]" -> undefined
    };
    const u = n(util);
    const mu = n(used);
    const mt = n(total);
    out.push({
      name,
      ...(u !== undefined ? { utilizationPct: u } : {}),
      ...(mu !== undefined ? { memoryUsedBytes: mu * MiB } : {}),
      ...(mt !== undefined ? { memoryTotalBytes: mt * MiB } : {}),
    });
  }
  return out;
}

export type RunFile = (
  file: string,
  args: readonly string[],
  timeoutMs: number,
) => Promise<string | undefined>;

export const runFile: RunFile = (file, args, timeoutMs) =>
  new Promise((resolve) => {
    const { execFile } = process.getBuiltinModule('node:child_process');
    execFile(file, [...args], { timeout: timeoutMs }, (err, stdout) => {
      resolve(err === null ? stdout : undefined);
    });
  });

export interface HardwareSources {
  /** Whether to try nvidia-smi (telemetry.gpu). */
  readonly gpu: boolean;
  /** The server's system info, when the backend has it. */
  readonly systemInfo?: () => Promise<SystemInfo | undefined>;
  readonly run?: RunFile;
}

function serverHost(info: SystemInfo): ServerHost {
  return {
    ...(info.os !== undefined ? { os: info.os } : {}),
    ...(info.cpuBrand !== undefined ? { cpu: info.cpuBrand } : {}),
    ...(info.logicalCores !== undefined ? { cores: info.logicalCores } : {}),
    ...(info.memoryTotalBytes !== undefined ? { memoryTotalBytes: info.memoryTotalBytes } : {}),
    ...(info.memoryAvailableBytes !== undefined
      ? { memoryAvailableBytes: info.memoryAvailableBytes }
      : {}),
  };
}

export async function readHardware(src: HardwareSources): Promise<HardwareReading> {
  // The server's own view of its machine (it may not be this one), whatever the GPU source.
  const info = await src.systemInfo?.().catch(() => undefined);
  const ram = {
    ramTotalBytes: os.totalmem(),
    ramFreeBytes: os.freemem(),
    ...(info !== undefined ? { server: serverHost(info) } : {}),
  };
  if (src.gpu) {
    const csv = await (src.run ?? runFile)('nvidia-smi', NVIDIA_SMI_ARGS, 3000);
    const gpus = csv !== undefined ? parseNvidiaSmi(csv) : [];
    if (gpus.length > 0) return { source: 'nvidia-smi', gpus, ...ram };
  }
  const devices = info?.devices.filter((d) => d.kind.toLowerCase() !== 'cpu') ?? [];
  if (devices.length > 0) {
    return {
      source: 'server',
      gpus: devices.map((d) => ({
        name: d.name,
        ...(d.totalMemoryBytes !== undefined ? { memoryTotalBytes: d.totalMemoryBytes } : {}),
        ...(d.totalMemoryBytes !== undefined && d.availableMemoryBytes !== undefined
          ? { memoryUsedBytes: d.totalMemoryBytes - d.availableMemoryBytes }
          : {}),
      })),
      ...ram,
    };
  }
  return { source: 'ram', gpus: [], ...ram };
}
