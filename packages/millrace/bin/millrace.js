#!/usr/bin/env node
import { runCli } from '@millrace/cli';

await runCli(process.argv);
