export declare function looksLikeTls(text: string): boolean;
//# sourceMappingURL=looks-like-tls.d.ts.map