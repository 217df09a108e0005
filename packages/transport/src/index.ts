export { MimiHttpError, MimiResponseError, MimiTimeoutError, type MimiHttpErrorOptions, type MimiResponseErrorReason } from './errors.ts';
export { decodeErrorProblem, parseProblem, problem, statusTitle, PROBLEM_CONTENT_TYPE, type Problem } from './problem.ts';
export { decodePathSegment, encodePathSegment, expandTemplate, templateVariables } from './identifiers.ts';
export { parseSubjectAltName, peerIdentityFromCertificate, peerIdentityFromSocket, type PeerIdentity } from './peer.ts';
export { formatRetryAfter, parseRetryAfter } from './retry-after.ts';
export {
  DEFAULT_BODY_LIMIT,
  DEFAULT_CALL_TIMEOUT,
  DEFAULT_MAX_BODIES_IN_FLIGHT_PER_PEER,
  DEFAULT_SERVER_LIMITS,
  PEER_BUSY_RETRY_AFTER,
  PROBLEM_BODY_LIMIT,
  type ServerLimits,
} from './limits.ts';
export { mimiServerOptions, type MimiFastifyOptions } from './server-options.ts';
export {
  JSON_MEDIA_TYPE,
  TLS_MEDIA_TYPE,
  type ApiSpec,
  type HttpMethod,
  type JsonBodySpec,
  type MimiRole,
  type OperationSpec,
  type OperationTable,
  type QueryParamSpec,
  type RequestBodySpec,
  type ResponseBodySpec,
  type TlsBodySpec,
} from './operation.ts';
export { BEARER_TOKEN, bearerToken, MAX_BEARER_TOKEN_LENGTH, type MissingBearer } from './bearer-token.ts';
export { parseQuery, type ParsedQuery } from './query-params.ts';
export { jsonBodyProblem } from './json-body.ts';
