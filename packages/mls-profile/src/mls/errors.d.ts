/**
 * The adapter's one error type. ts-mls errors (ValidationError, CryptoVerificationError, ...) are
 * wrapped rather than passed through, so callers never match on a library's class names; the original
 * stays in `cause` for diagnostics.
 */
export type MlsErrorCode = 
/** The backend cannot do this interoperably (a known ts-mls limitation, see docs/mls.md). */
'unsupported'
/** Bytes that are not the MLSMessage (or other structure) the call needs. */
 | 'bad-input'
/** The library refused the operation: validation, authentication service, crypto, state. */
 | 'rejected';
export declare class MlsError extends Error {
    readonly code: MlsErrorCode;
    readonly name = "MlsError";
    constructor(code: MlsErrorCode, message: string, options?: {
        cause?: unknown;
    });
}
/** Runs a backend call and turns whatever it throws into an MlsError('rejected'). */
export declare function backendCall<T>(what: string, f: () => Promise<T>): Promise<T>;
//# sourceMappingURL=errors.d.ts.map