/**
 * The request checks of @mimikit/transport's server for JSON APIs: the bearer token of the
 * Authorization header, query parameters against their schemas, JSON bodies against theirs (the
 * problem names the first invalid member's JSON pointer).
 */
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { bearerToken, jsonBodyProblem, MAX_BEARER_TOKEN_LENGTH, parseQuery, type QueryParamSpec } from '@mimikit/transport';

describe('bearerToken', () => {
  it('returns the token of a well-formed header, the scheme case-insensitive', () => {
    expect(bearerToken('Bearer abc.DEF-123_~+/==')).toBe('abc.DEF-123_~+/==');
    expect(bearerToken('bearer t0k3n')).toBe('t0k3n');
  });

  it('refuses a missing header with a plain Bearer challenge', () => {
    expect(bearerToken(undefined)).toEqual({ detail: expect.stringContaining('needs an Authorization: Bearer token'), challenge: 'Bearer' });
    expect(bearerToken('')).toMatchObject({ challenge: 'Bearer' });
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwdw=='],
    ['no token', 'Bearer '],
    ['two tokens', 'Bearer a b'],
    ['a character outside b64token', 'Bearer a"b'],
    ['padding in the middle', 'Bearer a=b'],
    ['a token over the limit', `Bearer ${'a'.repeat(MAX_BEARER_TOKEN_LENGTH + 1)}`],
  ])('refuses %s as invalid_request', (_what, header) => {
    expect(bearerToken(header)).toMatchObject({ challenge: 'Bearer error="invalid_request"' });
  });

  it('accepts a token of exactly the limit', () => {
    expect(bearerToken(`Bearer ${'a'.repeat(MAX_BEARER_TOKEN_LENGTH)}`)).toHaveLength(MAX_BEARER_TOKEN_LENGTH);
  });
});

describe('parseQuery', () => {
  const specs: QueryParamSpec[] = [
    { name: 'after', required: false, type: 'string', schema: Type.String({ maxLength: 4, pattern: '^[0-9]+$' }) },
    { name: 'wait', required: false, type: 'integer', schema: Type.Integer({ minimum: 0, maximum: 100 }) },
    { name: 'url', required: true, type: 'string', schema: Type.String({ minLength: 1, maxLength: 10 }) },
  ];

  it('types and returns the values present', () => {
    expect(parseQuery(specs, { url: 'x', wait: '100', after: '12' })).toEqual({ values: { url: 'x', wait: 100, after: '12' } });
    expect(parseQuery(specs, { url: 'x' })).toEqual({ values: { url: 'x' } });
    expect(parseQuery(specs, { url: 'x', wait: '-0' })).toMatchObject({ problem: { parameter: 'wait' } });
  });

  it.each([
    ['a missing required parameter', {}, 'url', 'is required'],
    ['an unknown parameter', { url: 'x', other: '1' }, 'other', 'unknown query parameter other'],
    ['a repeated parameter', { url: ['x', 'y'] }, 'url', 'more than once'],
    ['an integer with a sign or leading zero', { url: 'x', wait: '+5' }, 'wait', 'decimal integer'],
    ['an integer with leading zeros', { url: 'x', wait: '007' }, 'wait', 'decimal integer'],
    ['an integer in another notation', { url: 'x', wait: '1e2' }, 'wait', 'decimal integer'],
    ['an integer above the maximum', { url: 'x', wait: '101' }, 'wait', 'wait'],
    ['a string over maxLength', { url: 'x'.repeat(11) }, 'url', 'url'],
    ['a string outside its pattern', { url: 'x', after: '1a' }, 'after', 'after'],
  ])('refuses %s, naming it', (_what, query, parameter, detail) => {
    const parsed = parseQuery(specs, query);
    expect(parsed).toMatchObject({ problem: { title: 'Invalid query parameter', parameter } });
    expect('problem' in parsed && parsed.problem.detail).toContain(detail);
  });
});

describe('jsonBodyProblem', () => {
  const schema = Type.Object(
    { name: Type.String({ maxLength: 3 }), items: Type.Array(Type.String({ pattern: '^[a-z]*$' }), { maxItems: 2 }) },
    { additionalProperties: false },
  );

  it('passes a valid body', () => {
    expect(jsonBodyProblem(schema, { name: 'abc', items: ['x'] })).toBeNull();
  });

  it.each([
    [{ name: 'abcd', items: [] }, '/name'],
    [{ name: 'a', items: ['ok', 'NO'] }, '/items/1'],
    [{ name: 'a', items: ['a', 'b', 'c'] }, '/items'],
    [{ name: 'a', items: [], extra: 1 }, '/extra'],
    [{ items: [] }, ''],
    [null, ''],
    ['text', ''],
  ])('names the first invalid member of %j: %s', (body, pointer) => {
    const p = jsonBodyProblem(schema, body);
    expect(p).toMatchObject({ title: 'Invalid request body', pointer });
    expect(p?.detail).toContain(pointer || 'the body');
  });
});
