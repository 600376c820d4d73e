/**
 * Time to the dashboard's first frame as a user meets it, in a real terminal (tmux):
 * `npx spf-top` from the package root (npx's own resolution included) and
 * `node dist/cli.js` directly. For each, the wall time from launching the command to the
 * "starting…" line (painted before the heavy imports) and to the first dashboard frame.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {resolve} from 'node:path';
import {measure, type Measured} from './stats.ts';

export interface FirstFrameFigures {
	readonly npx: {readonly starting: Measured; readonly frame: Measured};
	readonly direct: {readonly starting: Measured; readonly frame: Measured};
}

const root = resolve('.');
const cli = resolve('dist/cli.js');
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** One launch: ms to "starting…" and to the first frame (the Events pane's title). */
async function launch(command: string): Promise<{starting: number; frame: number}> {
	const name = `spf-first-frame-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	const t0 = performance.now();
	execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', '120', '-y', '40', '-c', root, `exec env -u CI ${command} --cpus 8`]);
	let starting: number | undefined;
	try {
		for (;;) {
			const screen = execFileSync('tmux', ['capture-pane', '-p', '-t', name], {encoding: 'utf8'});
			const now = performance.now() - t0;
			if (starting === undefined && screen.includes('starting…')) starting = now;
			// The alternate screen hides the starting line at once; then the frame counts for both.
			if (/ Events /.test(screen)) return {starting: starting ?? now, frame: now};
			if (now > 30_000) throw new Error(`${command}: no first frame within 30 s; the screen was:\n${screen}`);
			await sleep(5);
		}
	} finally {
		spawnSync('tmux', ['kill-session', '-t', name]);
	}
}

async function series(command: string, runs: number): Promise<{starting: Measured; frame: Measured}> {
	const results: {starting: number; frame: number}[] = [];
	for (let i = 0; i < runs; i++) results.push(await launch(command));
	let s = 0;
	let f = 0;
	return {starting: measure(runs, () => results[s++]!.starting), frame: measure(runs, () => results[f++]!.frame)};
}

export async function firstFrameBench(runs = 5): Promise<FirstFrameFigures> {
	const npx = spawnSync('npx', ['--version'], {encoding: 'utf8'}).status === 0 ? 'npx --offline spf-top' : null;
	if (npx === null) throw new Error('npx is not on PATH');
	return {npx: await series(npx, runs), direct: await series(`${process.execPath} ${cli}`, runs)};
}

export function formatFirstFrame(f: FirstFrameFigures): string {
	const row = (what: string, m: {starting: Measured; frame: Measured}): string =>
		`  ${what.padEnd(22)} "starting…" ${m.starting.median.toFixed(0)} ms · first frame ${m.frame.median.toFixed(0)} ms (±${((m.frame.spread * 100) / 2).toFixed(0)}%)`;
	return ['dashboard first frame, tmux 120×40, --cpus 8 (median):', row('npx spf-top', f.npx), row('node dist/cli.js', f.direct)].join('\n');
}
