#!/usr/bin/env node
// The installed binary (package.json "bin", built to dist/cli/bin.js). A checkout runs bin/chatconform.js,
// which loads these same sources through tsx.
import { main } from './main.ts';

process.exitCode = await main(process.argv);
