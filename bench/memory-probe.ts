// Loaded into a server process by `node --import ./bench/memory-probe.ts` (server-memory.bench.ts):
// answers the parent's IPC message 'memory' with where the process's memory is. Node's own figures
// (process.memoryUsage: V8 heap, external, array buffers), and from Linux's /proc: resident and peak
// resident (VmRSS, VmHWM), and WebAssembly memories (PGlite's heap) with their resident part. Nothing
// of this is in the server itself.
import { readFileSync } from 'node:fs';

export interface WasmMemory {
  /** Bytes the instance has grown its memory to (WebAssembly memory never shrinks). */
  size: number;
  /** Bytes of it resident in RAM. */
  resident: number;
}

export interface MemoryReport {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** VmHWM: the highest resident size since the process started (0 where /proc is missing). */
  peakRss: number;
  wasm: WasmMemory[];
}

function statusKb(field: string): number {
  try {
    const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * V8 reserves each WebAssembly memory as one large region (4 GiB and more, with guard pages) whose
 * first part, the memory's current size, is readable and writable and the rest inaccessible: an
 * anonymous rw mapping directly followed by a ---p one, together ≥ 4 GiB.
 */
function wasmMemories(): WasmMemory[] {
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return [];
  }
  interface Vma {
    start: bigint;
    end: bigint;
    perm: string;
    name: string;
    rss: number;
  }
  const vmas: Vma[] = [];
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      vmas.push({
        start: BigInt(`0x${head[1]}`),
        end: BigInt(`0x${head[2]}`),
        perm: head[3]!,
        name: head[4] ?? '',
        rss: 0,
      });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    const last = vmas[vmas.length - 1];
    if (rss && last) last.rss = Number(rss[1]) * 1024;
  }
  const out: WasmMemory[] = [];
  for (let i = 0; i + 1 < vmas.length; i++) {
    const a = vmas[i]!;
    const b = vmas[i + 1]!;
    if (a.perm.startsWith('rw') && a.name === '' && b.perm.startsWith('---') && b.start === a.end) {
      if (b.end - a.start >= 4n * 1024n ** 3n) out.push({ size: Number(a.end - a.start), resident: a.rss });
    }
  }
  return out;
}

export function memoryReport(): MemoryReport {
  const u = process.memoryUsage();
  return {
    rss: u.rss,
    heapTotal: u.heapTotal,
    heapUsed: u.heapUsed,
    external: u.external,
    arrayBuffers: u.arrayBuffers,
    peakRss: statusKb('VmHWM'),
    wasm: wasmMemories(),
  };
}

if (process.send) {
  process.on('message', (message) => {
    if (message === 'memory') process.send?.({ memory: memoryReport() });
  });
  // The IPC channel must not keep a stopped server alive.
  process.channel?.unref();
}
