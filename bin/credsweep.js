#!/usr/bin/env node
// The executable: everything lives in dist/cli; this only hands over argv and the exit code.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
