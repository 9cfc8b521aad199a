import { describe, expect, it } from 'vitest';
import { parseNvidiaSmi, readHardware } from './hardware.js';

describe('hardware readings', () => {
  it('parses nvidia-smi CSV, leaving [N/A] figures out', () => {
    expect(
      parseNvidiaSmi('NVIDIA H100 80GB HBM3, 37, 1024, 81559\nTesla T4, [N/A], [N/A], 15360\n'),
    ).toEqual([
      {
        name: 'NVIDIA H100 80GB HBM3',
        utilizationPct: 37,
        memoryUsedBytes: 1024 * 2 ** 20,
        memoryTotalBytes: 81559 * 2 ** 20,
      },
      { name: 'Tesla T4', memoryTotalBytes: 15360 * 2 ** 20 },
    ]);
  });

  it('parses the output of a real nvidia-smi (H100, idle), recorded with the same query', async () => {
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(
      new URL('../../../test/fixtures/backends/nvidia-smi-h100.csv', import.meta.url),
      'utf8',
    );
    expect(parseNvidiaSmi(csv)).toEqual([
      {
        name: 'NVIDIA H100 80GB HBM3',
        utilizationPct: 0,
        memoryUsedBytes: 0,
        memoryTotalBytes: 81559 * 2 ** 20,
      },
    ]);
  });

  it('falls back from nvidia-smi to the server, then to RAM only', async () => {
    const noSmi = () => Promise.resolve(undefined);
    const server = await readHardware({
      gpu: true,
      run: noSmi,
      systemInfo: () =>
        Promise.resolve({
          devices: [
            { kind: 'cpu', name: 'cpu' },
            { kind: 'cuda', name: 'RTX', totalMemoryBytes: 100, availableMemoryBytes: 40 },
          ],
        }),
    });
    expect(server).toMatchObject({
      source: 'server',
      gpus: [{ name: 'RTX', memoryTotalBytes: 100, memoryUsedBytes: 60 }],
    });
    const ram = await readHardware({ gpu: true, run: noSmi });
    expect(ram.source).toBe('ram');
    expect(ram.gpus).toEqual([]);
    expect(ram.ramTotalBytes).toBeGreaterThan(0);
    const smi = await readHardware({ gpu: true, run: () => Promise.resolve('GPU0, 5, 10, 20\n') });
    expect(smi).toMatchObject({
      source: 'nvidia-smi',
      gpus: [{ name: 'GPU0', utilizationPct: 5 }],
    });
    const off = await readHardware({ gpu: false, run: () => Promise.resolve('GPU0, 5, 10, 20\n') });
    expect(off.source).toBe('ram');
  });

  it("keeps the server's machine (CPU, cores, memory) beside whichever GPU source answered", async () => {
    const smi = await readHardware({
      gpu: true,
      run: () => Promise.resolve('GPU0, 5, 10, 20\n'),
      systemInfo: () =>
        Promise.resolve({
          os: 'Debian',
          cpuBrand: 'AMD EPYC',
          logicalCores: 2,
          memoryTotalBytes: 100,
          memoryAvailableBytes: 30,
          devices: [],
        }),
    });
    expect(smi.source).toBe('nvidia-smi');
    expect(smi.server).toEqual({
      os: 'Debian',
      cpu: 'AMD EPYC',
      cores: 2,
      memoryTotalBytes: 100,
      memoryAvailableBytes: 30,
    });
    const failing = await readHardware({
      gpu: false,
      systemInfo: () => Promise.reject(new Error('down')),
    });
    expect(failing.server).toBeUndefined();
  });
});
