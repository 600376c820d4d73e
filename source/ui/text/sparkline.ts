/** Eight heights of block; an empty cell means exactly zero. */
const blocks = '▁▂▃▄▅▆▇█';

/**
 * The last `width` values as a sparkline, scaled to `max` (default: the largest value
 * shown), right-aligned so the newest value is always the last column.
 */
export function sparkline(values: readonly number[], width: number, max?: number): string {
	if (width <= 0) return '';
	const shown = values.slice(Math.max(0, values.length - width));
	const top = max ?? Math.max(0, ...shown);
	let line = '';
	for (const value of shown) line += value <= 0 || top <= 0 ? ' ' : blocks[Math.min(7, Math.max(0, Math.ceil((value / top) * 8) - 1))];
	return line.padStart(width);
}

/** One block for `value` on a scale of `max`: a bar in a compact cell. */
export function bar(value: number | null, max: number): string {
	if (value === null || value <= 0 || max <= 0) return ' ';
	return blocks[Math.min(7, Math.max(0, Math.ceil((value / max) * 8) - 1))]!;
}
