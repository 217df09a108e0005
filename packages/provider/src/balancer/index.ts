/**
 * @mimikit/provider/balancer: a loopback TCP round-robin balancer in front of several provider nodes
 * of one domain (demo, fault tests, benchmark), skipping nodes that are down.
 */
export { type Balancer, type BalancerBackend, type BalancerOptions, startBalancer } from './tcp-balancer.ts';
