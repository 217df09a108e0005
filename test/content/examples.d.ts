export interface ContentExample {
    name: string;
    rule: 'mimiContent' | 'MessageDerivedValues' | 'MessageStatusReport';
    cbor: Uint8Array;
    edn: string;
    pretty: string;
}
export declare function loadExamples(): ContentExample[];
//# sourceMappingURL=examples.d.ts.map