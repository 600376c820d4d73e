import './cli/no-color.ts';
import {isMainThread} from 'node:worker_threads';
import meow from 'meow';
import {flags} from './cli/flags.ts';
import {helpText} from './cli/help.ts';
import {buildOptions} from './cli/options.ts';
import {run} from './cli/run.ts';
import {UsageError} from './cli/usage-error.ts';
import {ScenarioError} from './scenarios/index.ts';

// compare and check run simulations in worker threads started from this same file (the
// bundle); such a thread only answers jobs (see commands/run-worker.ts), it is no CLI.
if (isMainThread) {
	const cli = meow(helpText, {importMeta: import.meta, flags, allowUnknownFlags: false});
	try {
		process.exitCode = await run(buildOptions(cli.input, cli.flags), process);
	} catch (error) {
		if (error instanceof UsageError || error instanceof ScenarioError) {
			process.stderr.write(`spf-top: ${error.message}\n`);
			process.exitCode = 2;
		} else {
			process.stderr.write(`spf-top: ${(error as Error).stack ?? String(error)}\n`);
			process.exitCode = 1;
		}
	}
}
