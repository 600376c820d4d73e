/** Start-up: wall time from launching `spf-top --version` until it exits. */
import {spawnSync} from 'node:child_process';
import {resolve} from 'node:path';
import {measure, type Measured} from './stats.ts';

// Run from the package root (npm run bench), bundled or not.
const cli = resolve('dist/cli.js');

export function startupBench(runs = 7): {version: Measured} {
	const version = measure(runs, () => {
		const t0 = performance.now();
		spawnSync(process.execPath, [cli, '--version']);
		return performance.now() - t0;
	});
	return {version};
}
