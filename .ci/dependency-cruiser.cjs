/**
 * The repository's import boundaries, checked by .ci/boundaries.test.ts (part of `npm test`) and
 * printed by `npm run boundaries`. Each rule says why it exists; a break names the file and the import.
 */
const TESTS = '\\.test\\.tsx?$';
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'protocol-is-a-leaf',
      comment: 'protocol/ is what client, server and pipelines exchange: it imports none of them (npm packages only).',
      severity: 'error',
      from: { path: '^protocol/' },
      to: { path: '^(client|server|pipelines|assets|contracts|e2e|bench)/' },
    },
    {
      name: 'client-imports-protocol-and-itself',
      comment: 'The client ships to browsers: only its own code, protocol/ and npm packages, never server or build code.',
      severity: 'error',
      from: { path: '^client/', pathNot: TESTS },
      to: { path: '^(server|pipelines|assets|contracts|e2e|bench)/' },
    },
    {
      name: 'client-never-imports-node-only-protocol',
      comment: 'Two protocol modules read files with Node (the published manifest, glTF through NodeIO) for the server and the pipeline: a browser has neither.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^protocol/src/(read-manifest|gltf-io)\\.ts$' },
    },
    {
      name: 'server-never-imports-client',
      comment: 'The server runs without the browser code (its room tests drive the real client connection, as visitors do).',
      severity: 'error',
      from: { path: '^server/', pathNot: TESTS },
      to: { path: '^client/' },
    },
    {
      name: 'server-product-never-imports-build-scripts',
      comment: 'The product server speaks to the chain through protocol/ (generated ABIs), never contracts/scripts or the pipeline; only the dev stack (server/src/dev, server/src/testing) compiles, deploys and builds.',
      severity: 'error',
      from: { path: '^server/src/', pathNot: ['^server/src/(dev|testing)/', TESTS] },
      to: { path: '^(contracts/scripts|pipelines)/' },
    },
    {
      name: 'pipelines-never-import-server-or-client',
      comment: 'The asset pipeline runs on its own (npm run assets).',
      severity: 'error',
      from: { path: '^pipelines/' },
      to: { path: '^(server|client)/' },
    },
    {
      name: 'assets-are-sources',
      comment: 'assets/ authors scenes and cars as code; the pipeline reads it, never the other way round (tests may measure assets through it).',
      severity: 'error',
      from: { path: '^assets/', pathNot: TESTS },
      to: { path: '^(server|client|pipelines)/' },
    },
    {
      name: 'contracts-never-import-product',
      comment: 'Contract scripts compile, deploy and test contracts; they know nothing of the product around them, save the local chain runner they test on.',
      severity: 'error',
      from: { path: '^contracts/' },
      to: { path: '^(server|client|pipelines|assets)/', pathNot: '^server/src/chain/anvil\\.ts$' },
    },
    {
      name: 'world-never-imports-ui',
      comment: 'The 3D world draws; DOM panels bind to it from outside (zones compose both).',
      severity: 'error',
      from: { path: '^client/src/world/' },
      to: { path: '^client/src/(ui|zones)/' },
    },
    {
      name: 'net-has-no-react-and-no-features',
      comment: 'client/src/net is plain TypeScript (connections, interpolation, clocks): no React, no launch or zone code.',
      severity: 'error',
      from: { path: '^client/src/net/', pathNot: TESTS },
      to: { path: ['^client/src/(launch|zones|ui|world)/', 'node_modules/(@types/)?react(-dom)?/'] },
    },
    {
      name: 'no-product-imports-of-tests-or-benches',
      comment: 'Tests, e2e helpers and benchmarks are never shipped.',
      severity: 'error',
      from: { pathNot: ['^(e2e|bench)/', TESTS] },
      to: { path: ['^(e2e|bench)/', TESTS] },
    },
    {
      name: 'no-cycles',
      comment: 'An import loop means two modules are one job split badly: move what both need into a third.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '^client/(dist|public)/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
