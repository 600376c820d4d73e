/**
 * What `compare` is doing while it runs, on stderr (stdout keeps the table or the JSON): a
 * spinner line on a terminal, `2/7 schemes · 3.1 s · running spf-v12, per-vma`, redrawn
 * until the table is ready; elsewhere one line as the runs start and one per finished
 * scheme, so a log shows progress from the first second.
 */

export class CompareProgress {
	readonly #total: number;
	readonly #started = Date.now();
	readonly #running: string[] = [];
	#done = 0;

	constructor(total: number) {
		this.#total = total;
	}

	start(scheme: string): void {
		this.#running.push(scheme);
	}

	/** Marks `scheme` done; returns its line for a log: `mmap-sem done · 1/7 schemes · 2.3 s`. */
	finish(scheme: string): string {
		this.#running.splice(this.#running.indexOf(scheme), 1);
		this.#done++;
		return `${scheme} done · ${this.#done}/${this.#total} schemes · ${this.elapsed()}`;
	}

	elapsed(): string {
		return `${((Date.now() - this.#started) / 1000).toFixed(1)} s`;
	}

	line(): string {
		const running = this.#running.length === 0 ? 'starting' : `running ${this.#running.join(', ')}`;
		return `${this.#done}/${this.#total} schemes · ${this.elapsed()} · ${running}`;
	}
}

export interface ProgressReporter {
	readonly onStart: (scheme: string) => void;
	readonly onDone: (scheme: string) => void;
	/** Takes the spinner line off the screen (before the table is drawn). */
	stop(): void;
}

/**
 * Reports `progress` on `stderr` from now until `stop`: a spinner on a terminal, lines
 * elsewhere (which load no Ink).
 */
export async function reportProgress(progress: CompareProgress, stderr: NodeJS.WriteStream, what: string): Promise<ProgressReporter> {
	if (!stderr.isTTY) {
		// Written as the first run starts: a bad scenario or flag still gets its one line alone.
		let said = false;
		return {
			onStart: scheme => {
				if (!said) stderr.write(`spf-top compare: running ${what}\n`);
				said = true;
				progress.start(scheme);
			},
			onDone: scheme => stderr.write(`spf-top compare: ${progress.finish(scheme)}\n`),
			stop() {},
		};
	}

	const {renderProgressLine} = await import('./compare-progress-line.tsx');
	const instance = renderProgressLine(progress, stderr);
	return {
		onStart: scheme => progress.start(scheme),
		onDone: scheme => void progress.finish(scheme),
		stop() {
			instance.clear();
			instance.unmount();
		},
	};
}
