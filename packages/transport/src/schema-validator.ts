/**
 * Compiled TypeBox validators of the description's schemas (request bodies, query parameters),
 * one per schema object: the schemas are constants of the generated operation table, so each is
 * compiled once, on first use.
 */
import { Compile } from 'typebox/compile';
import type { TSchema } from 'typebox';

const validators = new WeakMap<TSchema, ReturnType<typeof Compile>>();

/** A compiled validator per schema (schemas are module constants of the generated table). */
export function validatorOf(schema: TSchema): ReturnType<typeof Compile> {
  let v = validators.get(schema);
  if (!v) {
    v = Compile(schema);
    validators.set(schema, v);
  }
  return v;
}
