/**
 * What a fuzz target is and what one run of it can conclude. A target owns its seeds, knows how to
 * mutate its kind of input (bytes or text) and checks its contract on one input: only its typed
 * error escapes, an accepted input re-encodes byte-identically (codecs), diagnostics are located
 * inside the text (parsers). Time and heap are checked around it by the engine, the same way for
 * every target.
 */
import type { Rng } from './rng.ts';

export type Input = Uint8Array | string;

/** A starting input, with the context values a TLS select needs outside the type (if any). */
export interface Seed<I extends Input = Input> {
  data: I;
  /** Where it comes from (a vector file and field, an example, a sample). */
  origin: string;
  context?: Record<string, string>;
}

/** A contract violation; `failure` is the class findings are grouped by. */
export interface Violation {
  failure: FailureClass;
  detail: string;
  /**
   * What identifies the bug rather than this input (the error without its type path, the bytes
   * where a re-encoding first differs): findings with the same failure and key are one finding.
   */
  key?: string;
}

export type FailureClass =
  /** Something other than the target's typed error escaped (a TypeError, a RangeError ...). */
  | 'foreign-exception'
  /** The typed error, but of kind `internal`: a foreign exception the codec caught and wrapped. */
  | 'internal-error'
  /** The typed error with an offset outside the input, or a path that does not start at the type. */
  | 'malformed-error'
  /** An accepted input that re-encodes to other bytes, or cannot be re-encoded at all. */
  | 'round-trip'
  /** A diagnostic whose line:col is not in the text. */
  | 'bad-location'
  /** Slower than the time budget for its size (re-measured before it is reported). */
  | 'slow'
  /** Still running at the watchdog's deadline. */
  | 'hang'
  /** The worker ran out of its heap limit. */
  | 'out-of-memory'
  /** Heap retained per input byte above the budget. */
  | 'heap';

export type Outcome = { accepted: boolean } | Violation;

export function isViolation(o: Outcome): o is Violation {
  return 'failure' in o;
}

/**
 * How an amplification input is built from a small one that the target accepts: the container at
 * `at` (a `<V>` length, a CBOR array or map head; for text, a character offset) gets `count`
 * copies of `unit` (hex for bytes, the text itself for text). Kept in the fixture sidecar, so that
 * a fixture stays small and the replay rebuilds the full-size input.
 */
export interface GrowRecipe {
  at: number;
  unit: string;
  count: number;
}

/** An input built to cost as much memory per byte as the format allows (long runs of tiny elements). */
export interface AmplifiedInput<I extends Input = Input> {
  data: I;
  /** The same shape with a few elements: what a fixture stores. */
  base: I;
  recipe: GrowRecipe;
  context?: Record<string, string>;
  /** How it was built, for the report. */
  shape: string;
}

export interface Target<I extends Input = Input> {
  /** `mls/MLSMessage`, `mimi-content/mimiContent`, `parser/tls-pl`, ... */
  readonly name: string;
  readonly kind: I extends string ? 'text' : 'bytes';
  /** Computed once, lazily (samples and vector layouts cost some setup). */
  seeds(): Seed<I>[];
  /** One mutated input, from this target's seeds. */
  mutate(rng: Rng, seeds: readonly Seed<I>[]): Seed<I>;
  /** Runs the contract check on one input. Never throws (a throw is a foreign exception). */
  check(data: I, context?: Record<string, string>): Outcome;
  /** Amplification shapes of about `bytes` input bytes, for the heap check. */
  amplified(bytes: number, rng: Rng): AmplifiedInput<I>[];
  /** The full-size input of a recipe (undefined if the base no longer has that container). */
  grow(base: I, recipe: GrowRecipe, context?: Record<string, string>): I | undefined;
  /** Retains what a successful run produced, so the heap check can measure it (undefined if rejected). */
  retain(data: I, context?: Record<string, string>): unknown;
}

/** Size of an input in bytes (text: UTF-16 code units, what the parsers index). */
export function sizeOf(input: Input): number {
  return input.length;
}

/** The key of a violation: its own, or its detail with numbers and hex runs blanked. */
export function keyOf(v: Violation): string {
  return `${v.failure}: ${
    v.key ??
    v.detail
      .replace(/\b[0-9a-f]{4,}\b/gi, '#')
      .replace(/\d+/g, '#')
      .slice(0, 100)
  }`;
}

/** The message of anything thrown, for a report line. */
export function describeThrown(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return `non-Error thrown: ${String(err)}`;
}
