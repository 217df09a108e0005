/** A TCP port on 127.0.0.1 that was free a moment ago (for servers whose peers must know the port in advance). */
export { freeLoopbackPort as freePort } from '@mimikit/provider';
