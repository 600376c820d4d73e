/** Start-up: wall time from launching `spf-top --version`, and a 1 ms `--headless` run, until it exits. */
import {spawnSync} from 'node:child_process';
import {resolve} from 'node:path';
import {measure, type Measured} from './stats.ts';

// Run from the package root (npm run bench), bundled or not.
const cli = resolve('dist/cli.js');

function wall(args: readonly string[]): number {
	const t0 = performance.now();
	spawnSync(process.execPath, args);
	return performance.now() - t0;
}

export function startupBench(runs = 7): {node: Measured; version: Measured; headless: Measured} {
	return {
		// The floor: Node starting and exiting with nothing to do.
		node: measure(runs, () => wall(['-e', '0'])),
		version: measure(runs, () => wall([cli, '--version'])),
		headless: measure(runs, () => wall([cli, '--headless', '--duration', '1ms'])),
	};
}
