/**
 * Numbers as ASCII bytes, exactly as `String(n)` writes them, without building a string:
 * safe integers digit pair by digit pair; anything else (never in a simulator event, but
 * the output must not depend on that) through `String`.
 */

/** "00" to "99": two digits per division. */
const digitPairs = Buffer.from(Array.from({length: 100}, (_, i) => String(i).padStart(2, '0')).join(''), 'latin1');

/** The most bytes `writeDecimal` writes: `-0.0000010006839786244752`. */
export const maxDecimalBytes = 25;

/** Writes `n` at `at`, which must have `maxDecimalBytes` of room; returns the end. */
export function writeDecimal(buffer: Buffer, at: number, n: number): number {
	// Small enough to inline where it is called: the common case, an int32 ≥ 0, first, and
	// within it type codes, CPUs and string ids, one or two digits.
	if ((n | 0) === n && n >= 0) {
		if (n >= 100) return writeDigits(buffer, at, n | 0, digitCount(n));
		if (n < 10) {
			buffer[at] = 0x30 + n;
			return at + 1;
		}
		buffer[at] = digitPairs[n << 1]!;
		buffer[at + 1] = digitPairs[(n << 1) + 1]!;
		return at + 2;
	}
	return writeOther(buffer, at, n);
}

function writeOther(buffer: Buffer, at: number, n: number): number {
	if (!Number.isSafeInteger(n)) return at + buffer.write(String(n), at, 'latin1');
	if (n < 0) {
		buffer[at] = 0x2d;
		return writeDecimal(buffer, at + 1, -n);
	}
	// Beyond int32 (addresses reach 2^47): the high part, then the low nine digits. Below
	// 2^53 the quotient never rounds up to the next integer: it is at least 1e-9 under it,
	// more than half the spacing of doubles there (2^-29), so the remainder is ≥ 0.
	const high = Math.floor(n / 1e9);
	at = writeDigits(buffer, at, high, digitCount(high));
	return writeDigits(buffer, at, (n - high * 1e9) | 0, 9);
}

function digitCount(n: number): number {
	if (n < 10_000) return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4;
	if (n < 100_000_000) return n < 100_000 ? 5 : n < 1_000_000 ? 6 : n < 10_000_000 ? 7 : 8;
	return n < 1_000_000_000 ? 9 : 10;
}

/** `value` (an int32 ≥ 0) as `width` digits, zeros first; returns the end. */
function writeDigits(buffer: Buffer, at: number, value: number, width: number): number {
	const end = at + width;
	let i = end;
	while (value >= 100) {
		const quotient = (value / 100) | 0;
		const pair = (value - quotient * 100) << 1;
		buffer[--i] = digitPairs[pair + 1]!;
		buffer[--i] = digitPairs[pair]!;
		value = quotient;
	}
	if (value >= 10) {
		const pair = value << 1;
		buffer[--i] = digitPairs[pair + 1]!;
		buffer[--i] = digitPairs[pair]!;
	} else {
		buffer[--i] = 0x30 + value;
	}
	while (i > at) buffer[--i] = 0x30;
	return end;
}
