/**
 * The one `percent`, `rate` and `formatNs` every printed figure goes through: the dashboard's
 * cells, the headless summary, compare, sweep and progress lines.
 */

/**
 * A count with thousands separators, `1,234,567`, as `n.toLocaleString('en-US')` writes it:
 * the first `toLocaleString` loads ICU's locale data, 29 ms measured here, a tenth of a
 * headless run's start-up. Anything but a safe integer still goes through it.
 */
export function thousands(n: number): string {
	if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
	const digits = String(Math.abs(n));
	let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
	for (let at = out.length; at < digits.length; at += 3) out += ',' + digits.slice(at, at + 3);
	return n < 0 ? '-' + out : out;
}

/**
 * A share (0..1) as a percentage with `decimals` decimals: `46%`, `46.3%`. A share above 0
 * that shows as less than the last digit prints as `<1%` (or `<0.1%`), so a lock that is
 * waited on never reads as 0. `-` for null.
 */
export function percent(share: number | null, decimals = 0): string {
	if (share === null) return '-';
	const value = share * 100;
	const step = 10 ** -decimals;
	if (value > 0 && value < step) return `<${step.toFixed(decimals)}%`;
	return `${value.toFixed(decimals)}%`;
}

/**
 * A rate with 3 significant digits and a unit prefix: `950`, `1.25k`, `188k`, `1.64M`; with
 * `gap` ' ' (the headless summary) `1.64 M`. `-` for null. At most 5 columns without a gap.
 */
export function rate(perSec: number | null, gap = ''): string {
	if (perSec === null) return '-';
	for (const [scale, unit] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
		if (perSec >= scale * 0.9995) return `${significant(perSec / scale)}${gap}${unit}`;
	}
	return perSec.toFixed(0);
}

/** Up to 3 significant digits, no trailing zeros: 1, 1.5, 12.5, 250. */
export function significant(value: number): string {
	return String(Number(value.toPrecision(3)));
}

/** 1234 → "1.23 µs"; null → "-". */
export function formatNs(ns: number | null): string {
	if (ns === null) return '-';
	if (ns >= 1e9) return `${(ns / 1e9).toFixed(3)} s`;
	if (ns >= 1e6) return `${(ns / 1e6).toFixed(3)} ms`;
	if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
	return `${Math.round(ns)} ns`;
}

/** 1234 → "0.001234 ms": every time in one unit, to the nanosecond, so a column lines up. */
export function exactMs(ns: number): string {
	return `${(ns / 1e6).toFixed(6)} ms`;
}
