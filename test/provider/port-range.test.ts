/**
 * Where freeLoopbackPort (@mimikit/provider) picks loopback ports: MIMIKIT_PORT_RANGE when set
 * (each test worker and each `npm run faults` job gets its own, test/setup/port-range.ts), else
 * 20000-32767, never one it handed out lately; a malformed range is a RangeError that says what it
 * must look like.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT_RANGE, freeLoopbackPort, portRange } from '@mimikit/provider';

describe('portRange', () => {
  it('is 20000-32767 (below Linux ephemeral ports) when MIMIKIT_PORT_RANGE is unset or empty', () => {
    expect(portRange({})).toEqual({ from: 20_000, to: 32_767 });
    expect(portRange({ MIMIKIT_PORT_RANGE: '' })).toEqual(DEFAULT_PORT_RANGE);
  });

  it('takes <from>-<to> from MIMIKIT_PORT_RANGE', () => {
    expect(portRange({ MIMIKIT_PORT_RANGE: '23000-23999' })).toEqual({ from: 23_000, to: 23_999 });
    expect(portRange({ MIMIKIT_PORT_RANGE: '40000-40000' })).toEqual({ from: 40_000, to: 40_000 });
  });

  for (const bad of ['20000', '20000-', '-20000', '30000-20000', '80-90', '60000-70000', '2e4-3e4', ' 20000-30000', '20000-30000;rm']) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      expect(() => portRange({ MIMIKIT_PORT_RANGE: bad })).toThrow(RangeError);
      expect(() => portRange({ MIMIKIT_PORT_RANGE: bad })).toThrow(/MIMIKIT_PORT_RANGE must be <from>-<to> with 1024 <= from <= to <= 65535/);
    });
  }
});

describe('freeLoopbackPort', () => {
  it('picks from MIMIKIT_PORT_RANGE', async () => {
    const before = process.env.MIMIKIT_PORT_RANGE;
    process.env.MIMIKIT_PORT_RANGE = '24100-24163';
    try {
      for (let i = 0; i < 20; i++) {
        const port = await freeLoopbackPort();
        expect(port).toBeGreaterThanOrEqual(24_100);
        expect(port).toBeLessThanOrEqual(24_163);
      }
    } finally {
      if (before === undefined) delete process.env.MIMIKIT_PORT_RANGE;
      else process.env.MIMIKIT_PORT_RANGE = before;
    }
  });

  it('does not hand out a port it handed out lately (a port is free again once probed, until its server binds it)', async () => {
    const before = process.env.MIMIKIT_PORT_RANGE;
    // 20 ports: at most half of them are remembered, so 10 calls in a row get 10 different ones.
    process.env.MIMIKIT_PORT_RANGE = '24200-24219';
    try {
      const ports: number[] = [];
      for (let i = 0; i < 10; i++) ports.push(await freeLoopbackPort());
      expect(new Set(ports).size).toBe(10);
      // Past half the range the oldest are forgotten: it still finds a port.
      for (let i = 0; i < 30; i++) ports.push(await freeLoopbackPort());
      expect(ports.every((p) => p >= 24_200 && p <= 24_219)).toBe(true);
    } finally {
      if (before === undefined) delete process.env.MIMIKIT_PORT_RANGE;
      else process.env.MIMIKIT_PORT_RANGE = before;
    }
  });

  it('gives each test worker a slice of its own (test/setup/port-range.ts)', () => {
    const { from, to } = portRange();
    expect(to - from + 1).toBeLessThan(DEFAULT_PORT_RANGE.to - DEFAULT_PORT_RANGE.from + 1);
    expect(from).toBeGreaterThanOrEqual(DEFAULT_PORT_RANGE.from);
    expect(to).toBeLessThanOrEqual(DEFAULT_PORT_RANGE.to);
  });
});
