/**
 * The fuzzer's only source of randomness: a small seeded generator (mulberry32), so that one run
 * seed and an iteration number give the same input on every machine. Each iteration derives its
 * own generator from (run seed, target, iteration), so any single input can be regenerated without
 * replaying the ones before it (that is how a hang caught by the watchdog is recovered).
 */

/** FNV-1a over the parts, as one 32-bit number. */
export function hash32(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = `${part}\u0000`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The generator of one iteration of one target under one run seed. */
  static forIteration(runSeed: number, target: string, iteration: number): Rng {
    return new Rng(hash32(runSeed, target, iteration));
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in [0, n); 0 when n <= 0. */
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick from an empty list');
    return items[this.below(items.length)]!;
  }

  /** A size biased towards small values: most edits are local, a few are large. */
  smallSize(max: number): number {
    const cap = Math.max(1, max);
    return Math.min(cap, 1 + this.below(this.chance(0.8) ? Math.min(cap, 8) : cap));
  }
}

/** A fresh 32-bit run seed, from the clock and Math.random (only used when none is given). */
export function freshSeed(): number {
  return hash32(Date.now(), Math.random()) >>> 0;
}
