/** Short, fixed-vocabulary number formats for dashboard cells (`1.2µs`, `512K`); rates and percentages are source/format/numbers.ts's. */
import {significant} from '../../format/numbers.ts';

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
	if (nsPerSec >= 1e9) return `${significant(nsPerSec / 1e9)} s/s`;
	if (nsPerSec >= 1e6) return `${significant(nsPerSec / 1e6)} ms/s`;
	if (nsPerSec >= 1e3) return `${significant(nsPerSec / 1e3)} µs/s`;
	return `${significant(nsPerSec)} ns/s`;
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

	return `${significant(value)}${units[unit]}`;
}

/** An address in hex without leading zeros: `7f2a00000000`. */
export function hex(addr: number): string {
	return addr.toString(16);
}

/** Simulated time for the header and notices: 12.345 ms, 1.234567 s. */
export function formatSimTime(ns: number): string {
	if (ns >= 1e9) return `${(ns / 1e9).toFixed(6)} s`;
	return `${(ns / 1e6).toFixed(3)} ms`;
}
