/**
 * The standard prelude of RFC 8610 Appendix D: names every CDDL spec may use without defining them.
 * The parser leaves them as plain references; the lint pass accepts them as defined.
 */
export declare const CDDL_PRELUDE: ReadonlySet<string>;
//# sourceMappingURL=prelude.d.ts.map