export class MlsError extends Error {
    code;
    name = 'MlsError';
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
    }
}
/** Runs a backend call and turns whatever it throws into an MlsError('rejected'). */
export async function backendCall(what, f) {
    try {
        return await f();
    }
    catch (e) {
        if (e instanceof MlsError)
            throw e;
        const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        throw new MlsError('rejected', `${what}: ${detail}`, { cause: e });
    }
}
//# sourceMappingURL=errors.js.map