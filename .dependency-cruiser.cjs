/**
 * One-way layers (docs/testing.md, "Layers"), checked by `npm test` and by `npm run layers`
 * (`depcruise --config .dependency-cruiser.cjs generators packages generated test bench`).
 *
 *   spec -> generators -> generated -> runtimes (bytes, tls, cbor) -> mls-profile / transport / content -> provider -> cli
 *   tests and bench on top, through public entry points.
 *
 * Paths are those of the resolved files: `@mimikit/tls` resolves (through the workspace link and the
 * `mimikit-source` condition) to packages/tls/src/index.ts, so a rule on paths covers both spellings;
 * rules that care about the spelling look at dependencyTypes (a relative import is 'local' and not
 * 'aliased-workspace').
 */
const RUNTIMES = '^packages/(bytes|tls|cbor)/';
const PACKAGE = '^(packages|generated)/[^/]+/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No module may reach itself again through its imports.',
      // Exception: the modules of one generated package, which mirror its drafts and their shared
      // helpers: generated/mls's two drafts use each other's types (RFC 9420 structs carry
      // draft-ietf-mls-extensions' AppDataUpdate and friends, and those carry RFC 9420's Credential),
      // and src/shared-helpers.ts (helpers several files define identically, written once) calls the
      // codecs of the files that call it. One module per draft keeps provenance readable; ESM resolves
      // these cycles (only functions cross them, called after every module has loaded). A cycle through
      // any module outside generated/ is still reported, from that module.
      from: { pathNot: '^generated/[^/]+/src/' },
      to: { circular: true },
    },
    {
      name: 'generators-import-only-emitted-runtimes',
      severity: 'error',
      comment: 'The generators may use the runtime packages whose code they emit for (bytes, tls, cbor), and nothing else of packages/ or generated/.',
      from: { path: '^generators/' },
      to: { path: '^(packages|generated)/', pathNot: RUNTIMES },
    },
    {
      name: 'generated-below-consumers',
      severity: 'error',
      comment: 'Generated packages use runtimes (and transport, the runtime of the generated OpenAPI client/server), never generators or the layers above.',
      from: { path: '^generated/' },
      to: { path: '^(generators|packages/(content|mls-profile|provider|cli))/' },
    },
    {
      name: 'runtimes-at-the-bottom',
      severity: 'error',
      comment: 'bytes, tls and cbor import no generated package, no generator and nothing of the layers above.',
      from: { path: RUNTIMES },
      to: { path: '^(generators|generated|packages/(transport|content|mls-profile|provider|cli))/' },
    },
    {
      name: 'services-below-cli',
      severity: 'error',
      comment: 'mls-profile, transport and content import neither the generators, the provider nor the CLI.',
      from: { path: '^packages/(transport|content|mls-profile)/' },
      to: { path: '^(generators|packages/(provider|cli))/' },
    },
    {
      name: 'provider-below-cli',
      severity: 'error',
      comment: 'The provider builds on the generated packages and the services; it imports neither the generators nor the CLI.',
      from: { path: '^packages/provider/' },
      to: { path: '^(generators|packages/cli)/' },
    },
    {
      name: 'only-cli-tests-import-cli',
      severity: 'error',
      comment: 'The CLI is the top layer: only its own tests import it.',
      from: { pathNot: '^(packages/cli/|test/cli/)' },
      to: { path: '^packages/cli/' },
    },
    {
      name: 'nothing-imports-tests-or-bench',
      severity: 'error',
      comment:
        "Test and bench code sits on top: shipped code (and generators) never import it. (vitest.config.ts is the test runner's own configuration: it loads the test-file order from test/setup.)",
      from: { pathNot: '^(test|bench)/|^packages/[^/]+/test/|\\.test\\.ts$|^vitest\\.config\\.ts$' },
      to: { path: '^(test|bench)/|^packages/[^/]+/test/' },
    },
    {
      name: 'bench-uses-only-test-support',
      severity: 'error',
      comment: 'bench/ shares helpers with the tests through test/support/ only, never a test file or another test folder.',
      from: { path: '^bench/' },
      to: { path: '^test/', pathNot: '^test/support/' },
    },
    {
      name: 'no-relative-import-into-another-package',
      severity: 'error',
      comment:
        "A package is reached through its name and exports map (`@mimikit/tls`), never as '../other-package/src/x.ts': that is what an installed package offers.",
      from: { path: '^((packages|generated)/[^/]+)/' },
      to: { dependencyTypes: ['local'], dependencyTypesNot: ['aliased-workspace'], path: PACKAGE, pathNot: '^$1/' },
    },
    {
      name: 'tests-and-bench-use-package-entry-points',
      severity: 'error',
      comment: 'Tests and bench outside a package reach it through its public entry points, as a consumer does.',
      // Exception: bench/mls.ts feeds raw ts-mls the very KeyPackages the profile generated, through
      // the profile's one @internal helper that opens a KeyPackageBundle (not part of its API).
      from: { path: '^(test|bench|generators)/' },
      to: { dependencyTypes: ['local'], dependencyTypesNot: ['aliased-workspace'], path: PACKAGE, pathNot: '^packages/mls-profile/src/mls/key-package\\.ts$' },
    },
    {
      name: 'bench-uses-the-generators-facade',
      severity: 'error',
      comment:
        "bench/ measures what a user runs: it imports the generators only as '@mimikit/generators'. (Tests in test/ may import generator modules by path: they are white-box tests of the toolchain.)",
      from: { path: '^bench/' },
      to: { path: '^generators/', pathNot: '^generators/index\\.ts$' },
    },
    {
      name: 'cli-uses-the-generators-facade',
      severity: 'error',
      comment: "packages/cli imports the generators only as '@mimikit/generators' (generators/index.ts).",
      from: { path: '^packages/cli/' },
      to: { path: '^generators/', pathNot: '^generators/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['mimikit-source', 'import', 'types', 'default'],
      extensions: ['.ts', '.js', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
