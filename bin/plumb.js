#!/usr/bin/env node
// The `plumb` command: runs the TypeScript CLI in src/cli through tsx, so the
// CLI and the app share one source of truth for statistics and SQL.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
