export {};
//# sourceMappingURL=spec-set.js.map