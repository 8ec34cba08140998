#!/usr/bin/env node
// Registers the TypeScript loader, then hands over to the CLI.
import { register } from 'node:module';
register('tsx/esm', import.meta.url);
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
