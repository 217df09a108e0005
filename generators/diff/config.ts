/**
 * The diff configuration file (default `.mimi-diff.json` in the working directory, or
 * `--config <file>`): per-rule level overrides, like oasdiff's `--severity-levels`, and findings
 * suppressed by fingerprint, each with the reason a reviewer accepted it.
 *
 * ```json
 * {
 *   "levels": { "tls-enum-value-added": "ERR" },
 *   "suppress": [{ "fingerprint": "3f9a0c1d2e4b", "reason": "reserved value, never sent" }]
 * }
 * ```
 */
import { readFileSync } from 'node:fs';
import { LEVELS, type Level } from '../report/model.ts';
import { ruleById } from './rules.ts';

export interface DiffConfig {
  levels: Record<string, Level>;
  suppress: Array<{ fingerprint: string; reason: string }>;
}

export const EMPTY_CONFIG: DiffConfig = { levels: {}, suppress: [] };

/** A config file that cannot be used: the message names the file and what is wrong. */
export class ConfigError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig(text: string, file: string): DiffConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, `not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(file, 'expected an object with "levels" and/or "suppress"');
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v))
    if (key !== 'levels' && key !== 'suppress' && key !== '$schema' && key !== '$comment') throw new ConfigError(file, `unknown key "${key}"`);
  const levels: Record<string, Level> = {};
  if (v.levels !== undefined) {
    if (typeof v.levels !== 'object' || v.levels === null || Array.isArray(v.levels))
      throw new ConfigError(file, '"levels" must be an object of rule id → ERR | WARN | INFO');
    for (const [id, level] of Object.entries(v.levels)) {
      if (!ruleById(id)) throw new ConfigError(file, `"levels": unknown rule "${id}" (see \`mimi spec checks\`)`);
      if (!LEVELS.includes(level as Level)) throw new ConfigError(file, `"levels"."${id}": expected ERR, WARN or INFO, got ${JSON.stringify(level)}`);
      levels[id] = level as Level;
    }
  }
  const suppress: DiffConfig['suppress'] = [];
  if (v.suppress !== undefined) {
    if (!Array.isArray(v.suppress)) throw new ConfigError(file, '"suppress" must be an array of { fingerprint, reason }');
    v.suppress.forEach((s: unknown, i) => {
      const e = s as Record<string, unknown> | null;
      // A string or number entry has no `fingerprint` either: only null needs its own test.
      if (e === null || typeof e.fingerprint !== 'string' || !/^[0-9a-f]{12}$/.test(e.fingerprint)) {
        throw new ConfigError(file, `"suppress"[${i}]: expected { "fingerprint": 12 hex digits, "reason": text }`);
      }
      if (typeof e.reason !== 'string' || e.reason.trim() === '') throw new ConfigError(file, `"suppress"[${i}]: a suppression needs a "reason"`);
      suppress.push({ fingerprint: e.fingerprint, reason: e.reason });
    });
  }
  return { levels, suppress };
}

export function loadConfig(file: string): DiffConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, `cannot read: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseConfig(text, file);
}
