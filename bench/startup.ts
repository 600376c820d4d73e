/**
 * Start-up: launching `spf-top --version`, and a 1 ms `--headless` run, until it exits, against
 * `node -e 0`: CPU time (user + system, every thread) and wall time, median of interleaved runs.
 */
import {resolve} from 'node:path';
import {childTimes} from './cpu-time.ts';
import {formatSpread, measure, type Measured} from './stats.ts';

// Run from the package root (npm run bench), bundled or not.
const cli = resolve('dist/cli.js');

const commands = {
	// The floor: Node starting and exiting with nothing to do.
	node: ['-e', '0'],
	version: [cli, '--version'],
	headless: [cli, '--headless', '--duration', '1ms'],
} as const;

export type StartupFigures = Record<keyof typeof commands, {readonly wall: Measured; readonly cpu: Measured | null}>;

export function startupBench(runs = 7): StartupFigures {
	const samples = Object.fromEntries(Object.keys(commands).map(name => [name, [] as {wall: number; cpu: number | null}[]]));
	// Interleaved, so that a burst of load elsewhere falls on every command alike.
	for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(commands)) samples[name]!.push(childTimes(args));
	const of = (values: number[]): Measured => {
		let at = 0;
		return measure(values.length, () => values[at++]!);
	};
	return Object.fromEntries(
		Object.entries(samples).map(([name, list]) => [name, {wall: of(list.map(s => s.wall)), cpu: list.every(s => s.cpu !== null) ? of(list.map(s => s.cpu!)) : null}]),
	) as StartupFigures;
}

export function formatStartup(f: StartupFigures): string {
	const one = (label: string, x: StartupFigures[keyof StartupFigures]): string =>
		`${label}: ${x.cpu === null ? '' : `CPU ${x.cpu.median.toFixed(0)} ms ${formatSpread(x.cpu)}, `}wall ${x.wall.median.toFixed(0)} ms ${formatSpread(x.wall)}`;
	return ['start-up (median of interleaved runs)', one('node -e 0', f.node), one('spf-top --version', f.version), one('spf-top --headless --duration 1ms', f.headless)].join('\n');
}
