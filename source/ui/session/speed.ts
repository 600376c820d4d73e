/**
 * The `+`/`-` speed ladder, in simulated ns per wall second. Steps follow 1-2-5 so each
 * press changes the speed by about 2×, like the timebase knob of an oscilloscope.
 */
export const speeds: readonly number[] = [
	1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 2e7, 5e7, 1e8, 2e8, 5e8, 1e9,
];

/** The ladder index of 1 ms of simulated time per wall second. */
export const defaultSpeedIndex = speeds.indexOf(1e6);

/** The ladder index `delta` steps from `index`, held within the ladder. */
export function stepSpeed(index: number, delta: number): number {
	return Math.min(speeds.length - 1, Math.max(0, index + delta));
}

/** The ladder index closest to `nsPerSec` (for a `--speed`-like start). */
export function speedIndexOf(nsPerSec: number): number {
	let best = 0;
	for (let i = 1; i < speeds.length; i++) {
		if (Math.abs(Math.log(speeds[i]! / nsPerSec)) < Math.abs(Math.log(speeds[best]! / nsPerSec))) best = i;
	}

	return best;
}

/**
 * Simulated time per wall second actually reached, from (wall ms, simulated ns) samples:
 * over the last `spanMs` of samples, or `null` until there are two samples.
 */
export class SpeedMeter {
	readonly #samples: Array<{wallMs: number; simNs: number}> = [];

	constructor(readonly spanMs = 2000) {}

	sample(wallMs: number, simNs: number): void {
		this.#samples.push({wallMs, simNs});
		while (this.#samples.length > 2 && wallMs - this.#samples[1]!.wallMs >= this.spanMs) this.#samples.shift();
	}

	/** Forget the samples (after a pause, a restart or a speed change). */
	reset(): void {
		this.#samples.length = 0;
	}

	get nsPerSec(): number | null {
		const first = this.#samples[0];
		const last = this.#samples.at(-1);
		if (!first || !last || last.wallMs - first.wallMs < 250) return null;
		return ((last.simNs - first.simNs) * 1000) / (last.wallMs - first.wallMs);
	}
}
