/**
 * The dashboard's render cost: milliseconds per frame (median) to render a new snapshot at
 * 8, 64 and 256 CPUs into an off-screen 120×40 terminal, beside a naive reference (one Ink
 * `<Box>` with a few `<Text>` per CPU, for the same CPU data) measured in the same run.
 *
 * A frame's cost is the work from handing React a new frame to Ink having written it:
 * reconcile, layout, render to a string, diff and write. Frames come from the `default`
 * scenario run through the real stream folds; the two are rendered frame by frame in turn,
 * so both are measured under the same machine load. React's production build is used,
 * as in the bundle: `npm run bench` runs it through `renderBench()`, which also loads React
 * only after setting NODE_ENV when run unbundled.
 */
import {EventEmitter} from 'node:events';
import type {Frame} from '../source/ui/index.ts';

export interface RenderFigure {
	readonly cpus: number;
	/** Median ms per frame of the dashboard. */
	readonly dashboardMs: number;
	/** Median ms per frame of the naive reference. */
	readonly naiveMs: number;
	readonly frames: number;
	/** Median ms to take the snapshot itself (`takeSnapshot`), for scale. */
	readonly snapshotMs: number;
}

export interface RenderBenchOptions {
	readonly cpus?: readonly number[];
	readonly columns?: number;
	readonly rows?: number;
	/** Distinct frames rendered, each measured once after a warm-up pass. */
	readonly frames?: number;
}

/** Frames rendered before measuring, so the JIT has settled. */
const warmupFrames = 30;

/** A stdout that is a 120×40 TTY to Ink and throws the bytes away. */
class OffscreenStdout extends EventEmitter {
	readonly isTTY = true;
	bytes = 0;
	/** When the latest write happened (performance.now()). */
	writtenAt = 0;
	constructor(
		readonly columns: number,
		readonly rows: number,
	) {
		super();
	}

	write(data: string): boolean {
		this.bytes += data.length;
		this.writtenAt = performance.now();
		return true;
	}
}

class QuietStdin extends EventEmitter {
	readonly isTTY = true;
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read() {
		return null;
	}
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

const pause = (ms: number) =>
	new Promise<void>(resolve => {
		setTimeout(resolve, ms);
	});

export async function renderBench(options: RenderBenchOptions = {}): Promise<RenderFigure[]> {
	// React picks its build when first loaded: load it, Ink and every JSX module only after this.
	// Through a variable: bundled, NODE_ENV is already a constant, and only a tsx run needs this.
	const nodeEnv = 'NODE_ENV';
	process.env[nodeEnv] = 'production';
	// Colour, as in a terminal (chalk decides when first loaded; off-screen it would pick none).
	process.env['FORCE_COLOR'] ??= '1';
	const {render} = await import('ink');
	const {FrameFeed, dashboardElement, naiveElement} = await import('./render-components.tsx');
	const {framesFor} = await import('./render-frames.ts');
	const {installLineCache, setLineCacheEnabled} = await import('../source/ui/ink-line-cache.ts');
	const {columns = 120, rows = 40, frames: frameCount = 60} = options;

	/** An Ink instance drawing one of the two trees into its own off-screen terminal. */
	function mount(element: (feed: InstanceType<typeof FrameFeed>) => Parameters<typeof render>[0], first: Frame) {
		const feed = new FrameFeed(first);
		const stdout = new OffscreenStdout(columns, rows);
		// maxFps 1000: Ink's throttle lets each frame through at once when frames are 3 ms apart.
		const instance = render(element(feed), {stdout: stdout as unknown as NodeJS.WriteStream, stdin: new QuietStdin() as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false, maxFps: 1000});
		const times: number[] = [];
		return {
			times,
			/** Hands over `frame` and times it until Ink has written it (if `record`). */
			async show(frame: Frame, record: boolean): Promise<void> {
				await pause(3);
				const bytes = stdout.bytes;
				const start = performance.now();
				feed.next(frame);
				// React renders the update in a microtask; Ink writes the frame at the end of it.
				await pause(0);
				// A spinner tick just before can defer the frame past Ink's throttle: not a whole frame, skip it.
				if (record && stdout.bytes !== bytes) times.push(stdout.writtenAt - start);
			},
			unmount() {
				instance.unmount();
				instance.cleanup();
			},
		};
	}

	installLineCache();
	const figures: RenderFigure[] = [];
	for (const cpus of options.cpus ?? [8, 64, 256]) {
		const {frames, snapshotMs} = framesFor(cpus, warmupFrames + frameCount);
		const naive = mount(feed => naiveElement(feed), frames[0]!);
		const dashboard = mount(feed => dashboardElement(feed, columns, rows), frames[0]!);
		// Frame by frame, one then the other, so both are measured under the same load; the
		// line cache (the dashboard's, installed as the CLI installs it) is off for the reference.
		for (const [index, frame] of frames.entries()) {
			const record = index >= warmupFrames;
			setLineCacheEnabled(false);
			await naive.show(frame, record);
			setLineCacheEnabled(true);
			await dashboard.show(frame, record);
		}

		naive.unmount();
		dashboard.unmount();
		figures.push({cpus, dashboardMs: median(dashboard.times), naiveMs: median(naive.times), frames: frameCount, snapshotMs});
	}

	return figures;
}

export function formatRender(figures: readonly RenderFigure[], columns = 120, rows = 40): string {
	const lines = [
		`render: ms per frame (median) into an off-screen ${columns}×${rows} terminal; naive = one <Box> with <Text>s per CPU`,
		`${'cpus'.padStart(5)} ${'dashboard'.padStart(10)} ${'naive'.padStart(8)} ${'ratio'.padStart(6)} ${'snapshot'.padStart(9)}`,
	];
	for (const f of figures) {
		lines.push(`${String(f.cpus).padStart(5)} ${f.dashboardMs.toFixed(2).padStart(10)} ${f.naiveMs.toFixed(2).padStart(8)} ${(f.dashboardMs / f.naiveMs).toFixed(2).padStart(6)} ${f.snapshotMs.toFixed(2).padStart(9)}`);
	}

	return lines.join('\n');
}
