/** Start-up: wall time from launching `spf-top --version` until it exits. */
import {spawnSync} from 'node:child_process';
import {measure, type Measured} from './stats.ts';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;

export function startupBench(runs = 7): {version: Measured} {
	const version = measure(runs, () => {
		const t0 = performance.now();
		spawnSync(process.execPath, [cli, '--version']);
		return performance.now() - t0;
	});
	return {version};
}
