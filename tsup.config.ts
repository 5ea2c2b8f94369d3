import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';

/** Every CLI module imports the library as `../index.js`; in dist it is the sibling `./index.js`. */
const libraryExternal: Plugin = {
  name: 'library-external',
  setup(build) {
    build.onResolve({ filter: /^(\.\.?\/)+index\.js$/ }, () => ({ path: './index.js', external: true }));
  },
};

export default defineConfig([
  {
    // The library: the root entry and the `client-node` subpath, ESM and CommonJS, dependencies
    // external, types for both. Shared code (SandboxPolicyError among it) lives in one chunk, so
    // both entries throw the same class in either format.
    entry: { index: 'src/index.ts', 'client-node': 'src/client-node.ts' },
    format: ['esm', 'cjs'],
    splitting: true,
    target: 'node20',
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
  },
  {
    // The CLI: imports the library's built entry at run time (not bundled twice) and bundles
    // `yaml`, so installing the library pulls in no YAML parser and loading it never loads the CLI.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    target: 'node20',
    dts: false,
    sourcemap: false,
    clean: false,
    noExternal: ['yaml'],
    esbuildPlugins: [libraryExternal],
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  },
]);
