/**
 * Key latency of the live dashboard, measured in-process: the real session (simulator on
 * the main thread, time-boxed ticks) and the real dashboard render into an off-screen
 * 120×40 terminal; keys are written to its stdin and timed until Ink writes the frame
 * that shows them. Also reports the longest event-loop stall.
 *
 * node --import tsx bench/keys.tsx [scenario] [cpus] [presses]
 */
import {EventEmitter} from 'node:events';
import {monitorEventLoopDelay} from 'node:perf_hooks';

export interface KeyFigure {
	readonly scenario: string;
	readonly cpus: number;
	readonly presses: number;
	readonly medianMs: number;
	readonly p90Ms: number;
	readonly maxMs: number;
	/** Longest event-loop stall while running, ms. */
	readonly maxStallMs: number;
	/** Simulated ns per wall second reached. */
	readonly reachedNsPerSec: number | null;
}

class OffscreenStdout extends EventEmitter {
	readonly isTTY = true;
	readonly columns = 120;
	readonly rows = 40;
	text = '';
	write(data: string): boolean {
		this.text = data.length > 200 ? data : this.text + data;
		this.emit('written', data);
		return true;
	}
}

/** A stdin Ink can read keys from. */
class KeyStdin extends EventEmitter {
	readonly isTTY = true;
	#pending: string | null = null;
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read(): string | null {
		const data = this.#pending;
		this.#pending = null;
		return data;
	}

	press(key: string): void {
		this.#pending = key;
		this.emit('readable');
	}
}

const pause = (ms: number) =>
	new Promise<void>(resolve => {
		setTimeout(resolve, ms);
	});

export async function keyBench(scenario = 'kernbench', cpus = 256, presses = 40): Promise<KeyFigure> {
	process.env['NODE_ENV'] = 'production';
	process.env['FORCE_COLOR'] ??= '1';
	const React = (await import('react')).default;
	const {render} = await import('ink');
	const {Dashboard, DashboardSession, installLineCache} = await import('../source/ui/index.ts');
	const {prepareRun} = await import('../source/run/prepare-run.ts');
	const {dashboardMaxFps} = await import('../source/commands/dashboard.tsx');
	installLineCache();
	const session = new DashboardSession({...prepareRun({scenario, cpus}), scenario: prepareRun({scenario, cpus}).scenario});
	const stdout = new OffscreenStdout();
	const stdin = new KeyStdin();
	const instance = render(React.createElement(Dashboard, {session}), {stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false, maxFps: dashboardMaxFps});
	session.start();
	await pause(2000);
	const stalls = monitorEventLoopDelay({resolution: 5});
	stalls.enable();
	const times: number[] = [];
	for (let i = 0; i < presses; i++) {
		const opening = i % 2 === 0;
		const shown = () => stdout.text.includes('every key') === opening;
		const start = performance.now();
		const done = new Promise<void>(resolve => {
			const check = () => {
				if (!shown()) return;
				stdout.off('written', check);
				resolve();
			};

			stdout.on('written', check);
		});
		stdin.press(opening ? '?' : 'x');
		await done;
		times.push(performance.now() - start);
		await pause(150 + Math.random() * 100);
	}

	stalls.disable();
	const reached = session.getFrame().speed.achieved;
	instance.unmount();
	session.stop();
	times.sort((a, b) => a - b);
	return {
		scenario,
		cpus,
		presses,
		medianMs: times[times.length >> 1]!,
		p90Ms: times[Math.floor(times.length * 0.9)]!,
		maxMs: times.at(-1)!,
		maxStallMs: stalls.max / 1e6,
		reachedNsPerSec: reached,
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [scenario = 'kernbench', cpus = '256', presses = '40'] = process.argv.slice(2);
	const f = await keyBench(scenario, Number(cpus), Number(presses));
	console.log(`keys: ${f.scenario} at ${f.cpus} CPUs, ${f.presses} presses, key to frame written: median ${f.medianMs.toFixed(1)} ms, p90 ${f.p90Ms.toFixed(1)} ms, max ${f.maxMs.toFixed(1)} ms; longest event-loop stall ${f.maxStallMs.toFixed(1)} ms; simulator reached ${f.reachedNsPerSec === null ? '-' : (f.reachedNsPerSec / 1e3).toFixed(0) + ' µs/s'}`);
	process.exit(0);
}
