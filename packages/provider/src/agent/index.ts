/**
 * @mimikit/provider/agent: a MIMI client over a provider's client API (the demo, benchmarks and
 * tests use it; docs/provider.md).
 */
export { Agent, type AgentEvent, type AgentOptions } from './agent.ts';
