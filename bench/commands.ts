/**
 * Whole commands as a user runs them, from launch to exit: `compare pft --cpus 64
 * --duration 20ms` (every scheme, worker threads) and a small sweep (pft, 3 CPU counts × 2
 * seeds × every scheme, 5 ms each). `cli` is the bundle to launch, so the figures of two
 * builds can be taken side by side.
 */
import {spawnSync} from 'node:child_process';
import {measure, type Measured} from './stats.ts';

export interface CommandFigures {
	readonly compare: Measured;
	readonly sweep: Measured;
}

export const compareArgs = ['compare', 'pft', '--cpus', '64', '--duration', '20ms'];
export const sweepArgs = ['sweep', 'pft', '--cpus', '1,8,64', '--seeds', '1..2', '--duration', '5ms', '--csv'];

function wallMs(cli: string, args: readonly string[]): number {
	const t0 = performance.now();
	const r = spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8'});
	if (r.status !== 0) throw new Error(`spf-top ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
	return performance.now() - t0;
}

export function commandsBench(cli: string, runs = 3): CommandFigures {
	return {compare: measure(runs, () => wallMs(cli, compareArgs)), sweep: measure(runs, () => wallMs(cli, sweepArgs))};
}
