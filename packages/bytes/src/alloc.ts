/**
 * Allocation of small zero-filled byte arrays from shared slabs, as Node's Buffer pool does.
 * Every `new Uint8Array(n)` creates an ArrayBuffer, which costs microseconds on machines like
 * ours (measured: ~3.5 µs for 216 bytes, against ~0.2 µs from a slab), and an encoder allocates
 * its output on every call. A slab region is handed out once and never reused, so results stay
 * zero-filled and independent; the only visible difference is that `result.buffer` is the slab.
 */
const SLAB_SIZE = 64 * 1024;
const MAX_POOLED = 4 * 1024;

let slab = new ArrayBuffer(SLAB_SIZE);
let offset = 0;

export function allocBytes(n: number): Uint8Array {
  if (n > MAX_POOLED) return new Uint8Array(n);
  if (offset + n > SLAB_SIZE) {
    slab = new ArrayBuffer(SLAB_SIZE);
    offset = 0;
  }
  const out = new Uint8Array(slab, offset, n);
  offset += (n + 7) & ~7; // keep regions 8-byte aligned for DataView-friendly access
  return out;
}
