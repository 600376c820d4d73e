/** Short, fixed-vocabulary number formats for dashboard cells (`12.3k`, `1.2µs`, `95%`). */

/** A rate in at most 5 columns, 3 significant digits: 950, 1.25k, 12.5k, 188k, 1.64M; `-` for null. */
export function rate(perSec: number | null): string {
	if (perSec === null) return '-';
	for (const [scale, unit] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
		if (perSec >= scale * 0.9995) return `${trim(perSec / scale)}${unit}`;
	}

	return perSec.toFixed(0);
}

/** A percentage with no decimals (0.5% and up rounds up to 1%), `-` for null. */
export function percent(value: number | null): string {
	if (value === null) return '-';
	if (value > 0 && value < 1) return '<1%';
	return `${Math.round(value)}%`;
}

/** A share (0..1) as a percentage. */
export function share(value: number | null): string {
	return percent(value === null ? null : value * 100);
}

/** A duration in at most 6 columns: 850ns, 1.2µs, 15µs, 1.2ms, 3.0s; `-` for null. */
export function compactNs(ns: number | null): string {
	if (ns === null) return '-';
	if (ns >= 1e9) return `${(ns / 1e9).toFixed(1)}s`;
	if (ns >= 1e7) return `${Math.round(ns / 1e6)}ms`;
	if (ns >= 1e6) return `${(ns / 1e6).toFixed(1)}ms`;
	if (ns >= 1e4) return `${Math.round(ns / 1e3)}µs`;
	if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)}µs`;
	return `${Math.round(ns)}ns`;
}

/** Simulated time per wall second: `1 ms/s`, `500 µs/s`. */
export function speedLabel(nsPerSec: number): string {
	if (nsPerSec >= 1e9) return `${trim(nsPerSec / 1e9)} s/s`;
	if (nsPerSec >= 1e6) return `${trim(nsPerSec / 1e6)} ms/s`;
	if (nsPerSec >= 1e3) return `${trim(nsPerSec / 1e3)} µs/s`;
	return `${trim(nsPerSec)} ns/s`;
}

/** A mapping size: 4K, 512K, 8M, 1.5M, 2G. */
export function size(bytes: number): string {
	const units = ['', 'K', 'M', 'G', 'T'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}

	return `${trim(value)}${units[unit]}`;
}

/** An address in hex without leading zeros: `7f2a00000000`. */
export function hex(addr: number): string {
	return addr.toString(16);
}

/** Up to 3 significant digits, no trailing zeros: 1, 1.5, 12.5, 250. */
function trim(value: number): string {
	return String(Number(value.toPrecision(3)));
}

/** Simulated time for the header and notices: 12.345 ms, 1.234567 s. */
export function formatSimTime(ns: number): string {
	if (ns >= 1e9) return `${(ns / 1e9).toFixed(6)} s`;
	return `${(ns / 1e6).toFixed(3)} ms`;
}
