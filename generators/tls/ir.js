/**
 * The TLS presentation-language IR: what a spec file *means*, independent of how the draft wrote it.
 *
 * Produced by the parser (syntax → IR) and completed by the resolve passes (names → declarations,
 * select paths → discriminators). Consumed by the code generator, the codec CLI and, later, the diff
 * tool, which compares two IRs. Every node is plain JSON (no bigint, no Map, no cycles), so an IR
 * serialises with JSON.stringify and compares with a deep-equal. Documented in docs/ir.md; bump
 * IR_VERSION on any incompatible change.
 */
export const IR_VERSION = 1;
//# sourceMappingURL=ir.js.map