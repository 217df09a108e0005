/** The hand-written pieces of @mimikit/transport: problems, Retry-After, identifiers, peer identities. */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '@mimikit/tls';
import {
  decodeErrorProblem,
  decodePathSegment,
  encodePathSegment,
  expandTemplate,
  formatRetryAfter,
  MimiHttpError,
  parseProblem,
  parseRetryAfter,
  parseSubjectAltName,
  peerIdentityFromSocket,
  problem,
  templateVariables,
} from '@mimikit/transport';
import { Socket } from 'node:net';

describe('problem+json', () => {
  it('builds RFC 9457 documents with defaults', () => {
    expect(problem(404)).toEqual({ type: 'about:blank', title: 'Not Found', status: 404 });
    expect(problem(409, { title: 'Epoch moved', detail: 'at 7', epoch: 7 })).toEqual({
      type: 'about:blank',
      title: 'Epoch moved',
      status: 409,
      detail: 'at 7',
      epoch: 7,
    });
    expect(problem(599).title).toBe('Server Error');
  });

  it('turns a DecodeError into a 400 with kind, offset and path', () => {
    const err = new DecodeError('truncated', 12, 'need 4 bytes', ['KeyMaterialRequest', 'targetUser', 'uri']);
    expect(decodeErrorProblem(err)).toEqual({
      type: 'about:blank',
      title: 'Undecodable request body',
      status: 400,
      detail: 'truncated at byte 12 in KeyMaterialRequest.targetUser.uri: need 4 bytes',
      kind: 'truncated',
      offset: 12,
      path: 'KeyMaterialRequest.targetUser.uri',
    });
  });

  it('reads problems back tolerantly', () => {
    expect(parseProblem('{"title":"Busy","detail":"x","type":"urn:busy"}', 503)).toEqual({ type: 'urn:busy', title: 'Busy', status: 503, detail: 'x' });
    expect(parseProblem('not json', 502)).toEqual({ type: 'about:blank', title: 'Bad Gateway', status: 502 });
    expect(parseProblem('[1]', 500)).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
    expect(parseProblem('{"title":5}', 429).title).toBe('Too Many Requests');
  });

  it('MimiHttpError carries status, problem and retryAfter', () => {
    const e = new MimiHttpError(503, 'Down for maintenance', { retryAfter: 7 });
    expect([e.status, e.retryAfter, e.problem]).toEqual([503, 7, { type: 'about:blank', title: 'Down for maintenance', status: 503 }]);
    expect(e.message).toBe('503 Down for maintenance');
    expect(new MimiHttpError(403).problem.title).toBe('Forbidden');
    expect(new MimiHttpError(403).retryAfter).toBeNull();
    expect(() => new MimiHttpError(200)).toThrow(RangeError);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('parses seconds and HTTP-dates', () => {
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(['12', '13'], now)).toBe(12);
  });
  it('is null for anything else', () => {
    for (const bad of [undefined, null, '', '-1', '1.5', 'soon', '2025-01-01', '99999999999999999999']) expect(parseRetryAfter(bad as string, now)).toBeNull();
  });
  it('formats whole seconds', () => {
    expect(formatRetryAfter(7)).toBe('7');
    expect(formatRetryAfter(1.2)).toBe('2');
    expect(() => formatRetryAfter(-1)).toThrow(RangeError);
    expect(parseRetryAfter(formatRetryAfter(30), now)).toBe(30);
  });
});

describe('identifiers in paths', () => {
  it('are one percent-encoded segment each', () => {
    expect(encodePathSegment('mimi://a.example/r/room1')).toBe('mimi%3A%2F%2Fa.example%2Fr%2Froom1');
    expect(decodePathSegment('mimi%3A%2F%2Fa.example%2Fr%2Froom1')).toBe('mimi://a.example/r/room1');
    expect(expandTemplate('/v1/update/{roomId}', { roomId: 'mimi://a.example/r/a b?c#d' })).toBe('/v1/update/mimi%3A%2F%2Fa.example%2Fr%2Fa%20b%3Fc%23d');
    expect(templateVariables('https://x/{a}/b/{c}')).toEqual(['a', 'c']);
    expect(() => expandTemplate('/v1/{x}', {})).toThrow(/\{x\}/);
    expect(() => decodePathSegment('%E0%A4%A')).toThrow(URIError);
  });
});

describe('peer identity', () => {
  it('parses subjectAltName strings, quoted values included', () => {
    expect(parseSubjectAltName('DNS:b.example, URI:mimi://b.example, IP Address:127.0.0.1')).toEqual([
      { type: 'DNS', value: 'b.example' },
      { type: 'URI', value: 'mimi://b.example' },
      { type: 'IP Address', value: '127.0.0.1' },
    ]);
    expect(parseSubjectAltName('URI:"mimi://x.example/a, b", DNS:x.example')).toEqual([
      { type: 'URI', value: 'mimi://x.example/a, b' },
      { type: 'DNS', value: 'x.example' },
    ]);
    expect(parseSubjectAltName('')).toEqual([]);
  });
  it('is null for plain TCP sockets and no socket', () => {
    expect(peerIdentityFromSocket(new Socket())).toBeNull();
    expect(peerIdentityFromSocket(undefined)).toBeNull();
  });
});
