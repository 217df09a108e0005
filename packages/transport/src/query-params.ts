/**
 * Query parameters of an operation, read from fastify's parsed query and checked against the
 * description before the body is read: each declared parameter at most once, integers in
 * canonical decimal, every value within its schema (bounds, pattern); an undeclared parameter is
 * refused rather than ignored, like an unknown member of a JSON body.
 */
import type { QueryParamSpec } from './operation.ts';
import type { Problem } from './problem.ts';
import { validatorOf } from './schema-validator.ts';

/** Decimal integers as a query carries them: no sign but a minus, no leading zeros, no `-0`, at most 16 digits. */
const DECIMAL = /^(0|-?[1-9][0-9]{0,15})$/;

export type ParsedQuery = { values: Record<string, string | number> } | { problem: Partial<Problem> };

export function parseQuery(specs: readonly QueryParamSpec[], query: unknown): ParsedQuery {
  const raw = (query ?? {}) as Record<string, unknown>;
  const values: Record<string, string | number> = {};
  const bad = (name: string, detail: string): ParsedQuery => ({ problem: { title: 'Invalid query parameter', detail, parameter: name } });
  for (const name of Object.keys(raw)) {
    if (!specs.some((q) => q.name === name)) return bad(name, `unknown query parameter ${name}`);
  }
  for (const q of specs) {
    const value = Object.hasOwn(raw, q.name) ? raw[q.name] : undefined;
    if (value === undefined) {
      if (q.required) return bad(q.name, `query parameter ${q.name} is required`);
      continue;
    }
    if (typeof value !== 'string') return bad(q.name, `query parameter ${q.name} is given more than once`);
    let typed: string | number = value;
    if (q.type === 'integer') {
      if (!DECIMAL.test(value)) return bad(q.name, `query parameter ${q.name} must be a decimal integer`);
      typed = Number(value);
    }
    const validator = validatorOf(q.schema);
    if (!validator.Check(typed)) {
      const first = validator.Errors(typed)[0];
      return bad(q.name, `query parameter ${q.name} ${first?.message ?? 'is invalid'}`);
    }
    values[q.name] = typed;
  }
  return { values };
}
