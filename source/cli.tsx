// The entry: as little as possible before the first paint. The CLI itself (the simulator,
// the scenarios, the recorder) is a chunk imported after it, and Ink/React a chunk that only
// the dashboard imports, so headless commands never load them.
import './cli/no-color.ts';
import {isMainThread} from 'node:worker_threads';
import {helpOrVersion} from './cli/help-version.ts';
import {paintStartingFrame} from './cli/starting-frame.ts';

// compare and check run simulations in worker threads started from the chunk that holds
// commands/run-worker.ts; no such thread loads this entry, but none must run the CLI.
if (isMainThread) {
	const argv = process.argv.slice(2);
	const answered = helpOrVersion(argv, process);
	if (answered !== undefined) process.exitCode = answered;
	else {
		paintStartingFrame(argv, process);
		const {main} = await import('./cli/main.ts');
		process.exitCode = await main(argv, process);
	}
}
