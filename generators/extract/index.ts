/** The draft → .tls / .cddl extractor: public API. */
export { extractTls, isTlsFence, sha256, GENERATOR, type ExtractOptions, type ExtractResult, type ExtractedDefinition, type ParseTlsFn } from './extract.ts';
export { extractAll, loadParseTls, type DraftOutcome, type ExtractAllOptions, type ExtractAllResult } from './driver.ts';
export { readManifest, loadErrata, parseDraftFileName, keyLines, MANIFEST, type DraftEntry, type DraftOutput, type ShippedEntry } from './manifest.ts';
export {
  extractCddl,
  splitCddlRules,
  normalizeCddl,
  isCddlFence,
  type CddlExtractOptions,
  type CddlExtractResult,
  type CddlFile,
  type CddlRule,
  type IncludedFile,
  type ResolveInclude,
  type ShippedCddl,
} from './cddl.ts';
export { extractCddlDraft, collectExamples, resolveIncludePath, makeResolver, type ContentOutcome } from './content.ts';
export { generatedFrom, outputConflicts, writeOutputs, type OutputFile } from './outputs.ts';
export { draftPlacer, placeInDrafts } from './draft-lines.ts';
export { validateErrata, applyErrata, TrackedText, type Erratum } from './errata.ts';
export { looksLikeTls } from './looks-like-tls.ts';
export { scanMarkdown, formatSection, type Section, type Fence, type Include, type ScannedMarkdown } from './markdown.ts';
export { splitDefinitions, type RawDefinition } from './split.ts';
