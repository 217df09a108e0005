/**
 * The adapter's one error type. ts-mls errors (ValidationError, CryptoVerificationError, ...) are
 * wrapped rather than passed through, so callers never match on a library's class names; the original
 * stays in `cause` for diagnostics.
 */
export type MlsErrorCode =
  /** The backend cannot do this interoperably (a known ts-mls limitation, see docs/mls.md). */
  | 'unsupported'
  /** Bytes that are not the MLSMessage (or other structure) the call needs. */
  | 'bad-input'
  /** The library refused the operation: validation, authentication service, crypto, state. */
  | 'rejected';

export class MlsError extends Error {
  override readonly name = 'MlsError';
  constructor(
    readonly code: MlsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Runs a backend call and turns whatever it throws into an MlsError('rejected'). */
export async function backendCall<T>(what: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof MlsError) throw e;
    const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new MlsError('rejected', `${what}: ${detail}`, { cause: e });
  }
}
