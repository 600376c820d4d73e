/** Median and relative spread of repeated measurements. */
export interface Measured {
	readonly median: number;
	/** (max - min) / median. */
	readonly spread: number;
}

export function measure(runs: number, once: () => number): Measured {
	const values: number[] = [];
	for (let i = 0; i < runs; i++) values.push(once());
	values.sort((a, b) => a - b);
	const median = values[Math.floor(values.length / 2)]!;
	return {median, spread: median === 0 ? 0 : (values.at(-1)! - values[0]!) / median};
}

export function formatSpread(m: Measured): string {
	return `±${((m.spread * 100) / 2).toFixed(1)}%`;
}

export function formatInt(n: number): string {
	return Math.round(n).toLocaleString('en-US');
}
