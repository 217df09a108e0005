/** The draft → .tls extractor: public API. */
export { extractTls, isTlsFence, sha256, GENERATOR, type ExtractOptions, type ExtractResult, type ExtractedDefinition, type ParseTlsFn } from './extract.ts';
export { extractAll, readManifest, loadErrata, loadParseTls, parseDraftFileName, MANIFEST, type DraftEntry, type DraftOutcome, type ExtractAllOptions, type ExtractAllResult } from './driver.ts';
export { validateErrata, applyErrata, TrackedText, type Erratum } from './errata.ts';
export { looksLikeTls } from './looks-like-tls.ts';
export { scanMarkdown, formatSection, type Section, type Fence, type ScannedMarkdown } from './markdown.ts';
export { splitDefinitions, type RawDefinition } from './split.ts';
