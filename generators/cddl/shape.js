export {};
//# sourceMappingURL=shape.js.map