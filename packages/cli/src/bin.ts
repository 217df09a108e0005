#!/usr/bin/env node
/**
 * The `mimi` executable of the installed package (dist/bin.js); bin/mimi.js of a checkout runs this
 * same file from source. Only main.ts is loaded up front; it loads what the command line needs.
 */
// `mimi … | head`: the reader went away, so there is nobody left to write for. End quietly (exit 0)
// instead of dying on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
