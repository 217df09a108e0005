/**
 * The parts of a dereferenced OpenAPI 3.1 document the generator reads, with the MIMI vendor
 * extensions (see info.description of spec/openapi/mimi-protocol.yaml). swagger-parser has
 * validated the document's structure; the model still checks what it relies on.
 */
export {};
//# sourceMappingURL=openapi-types.js.map