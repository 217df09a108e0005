/** Where the OpenAPI descriptions live in a checkout (a module of its own: lint loads it without the emitter). */
export const OPENAPI_DIR = 'spec/openapi';

/** The OpenAPI description of the MIMI protocol draft's transport. */
export const MIMI_PROTOCOL_OPENAPI = `${OPENAPI_DIR}/mimi-protocol.yaml`;

/** The OpenAPI description of the provider-local client API (mimikit's own, no draft behind it). */
export const PROVIDER_CLIENT_OPENAPI = `${OPENAPI_DIR}/provider-client.yaml`;
