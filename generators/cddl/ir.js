export const CDDL_IR_VERSION = 1;
//# sourceMappingURL=ir.js.map