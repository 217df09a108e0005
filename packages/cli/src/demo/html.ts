/** `mimi demo --html`: not written yet (see docs/provider.md). */
import type { RequestLog } from '@mimikit/provider/process';
import type { ScenarioResult } from './scenario.ts';

export function demoPage(_result: ScenarioResult, _requests: readonly RequestLog[]): string {
  throw new Error('mimi demo --html is not implemented yet');
}
