/**
 * RFC 9165 §2 computed literals on IR values: `.plus` (numeric addition), `.cat` (string
 * concatenation) and `.det` (concatenation of the dedented target and controller). The validator
 * uses them to know the constant such a type stands for (an `.abnf` controller is usually built
 * with `.cat`/`.det`); they live beside the IR so the generator can compute the same constants.
 */
import type { Value } from './ir.ts';

/** The operands do not make a literal (not numbers for `.plus`, not strings for `.cat`). */
export class ComputedLiteralError extends Error {}

const fromHex = (hex: string): Buffer => Buffer.from(hex, 'hex');

function bigOf(v: Extract<Value, { kind: 'int' }>): bigint {
  return v.big !== undefined ? BigInt(v.big) : BigInt(v.value);
}

function intValue(n: bigint): Value {
  const value = Number(n);
  return Number.isSafeInteger(value) ? { kind: 'int', value } : { kind: 'int', value, big: n.toString() };
}

/**
 * `target .plus controller`: the sum, of the target's kind; an integer target plus a float is the
 * floor of the sum (RFC 9165 §2.1).
 */
export function plusLiteral(target: Value, controller: Value): Value {
  if ((target.kind !== 'int' && target.kind !== 'float') || (controller.kind !== 'int' && controller.kind !== 'float')) {
    throw new ComputedLiteralError(`.plus needs two numbers, not ${target.kind} and ${controller.kind}`);
  }
  if (target.kind === 'int' && controller.kind === 'int') return intValue(bigOf(target) + bigOf(controller));
  const sum = Number(target.kind === 'int' ? bigOf(target) : target.value) + Number(controller.kind === 'int' ? bigOf(controller) : controller.value);
  if (target.kind === 'float') return { kind: 'float', value: sum };
  if (!Number.isFinite(sum)) throw new ComputedLiteralError('.plus of an integer and a float is not finite');
  return intValue(BigInt(Math.floor(sum)));
}

/**
 * RFC 9165 §2.3 dedenting: remove from every line the smallest number of leading spaces of the
 * non-blank lines (a blank line loses what leading space it has, up to that number).
 */
export function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((l) => l.slice(Math.min(cut, /^ */.exec(l)?.[0].length ?? 0))).join('\n');
}

function bytesOf(v: Value): Buffer {
  if (v.kind === 'text') return Buffer.from(v.value, 'utf8');
  if (v.kind === 'bytes') return fromHex(v.hex);
  throw new ComputedLiteralError(`.cat and .det need strings, not a ${v.kind}`);
}

/**
 * `target .cat controller` (or `.det` when `dedenting`): the bytes of both, concatenated, as a
 * string of the target's kind; a text result must be valid UTF-8.
 */
export function catLiteral(target: Value, controller: Value, dedenting = false): Value {
  let a = bytesOf(target);
  let b = bytesOf(controller);
  if (dedenting) {
    // Dedenting touches only spaces and line feeds, so latin1 round-trips every other byte as is.
    a = Buffer.from(dedent(a.toString('latin1')), 'latin1');
    b = Buffer.from(dedent(b.toString('latin1')), 'latin1');
  }
  const joined = Buffer.concat([a, b]);
  if (target.kind === 'bytes') return { kind: 'bytes', hex: joined.toString('hex') };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(joined);
  } catch {
    throw new ComputedLiteralError('the concatenation of a text string is not valid UTF-8');
  }
  return { kind: 'text', value: text };
}
