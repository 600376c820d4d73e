/**
 * Sizes and durations as people write them (`2MiB`, `20ms`), turned into the integers the
 * simulator works in: bytes and nanoseconds. Scenario files and CLI flags share these
 * parsers so a unit means the same thing everywhere.
 */

// Binary units only: pages are 4 KiB and a PTE table maps 2 MiB, so "MB" would only mislead.
const sizeUnits = new Map([['B', 1n], ['KiB', 1n << 10n], ['MiB', 1n << 20n], ['GiB', 1n << 30n], ['TiB', 1n << 40n]]);
const durationUnits = new Map([['ns', 1n], ['us', 1_000n], ['µs', 1_000n], ['ms', 1_000_000n], ['s', 1_000_000_000n]]);

/** The unit names a size may end in. */
export const sizeUnitNames: readonly string[] = [...sizeUnits.keys()];
/** The unit names a duration may end in. */
export const durationUnitNames: readonly string[] = [...durationUnits.keys()];

const sizeHint = 'allowed units: B, KiB, MiB, GiB, TiB; a plain number is bytes';
const durationHint = 'allowed units: ns, us, µs, ms, s; a plain number is nanoseconds';

/**
 * Parses a size such as `4KiB`, `2MiB`, `1.5GiB` or `4096` (bytes) into whole bytes.
 * Throws an Error saying what was expected when the text is not a size.
 */
export function parseSize(text: string): number {
	return parseQuantity(text, sizeUnits, 'size like 4KiB', 'bytes', sizeHint);
}

/**
 * Parses a duration such as `20ms`, `5us`, `100ns`, `1s` or `250` (nanoseconds) into whole
 * nanoseconds. Throws an Error saying what was expected when the text is not a duration.
 */
export function parseDuration(text: string): number {
	return parseQuantity(text, durationUnits, 'duration like 20ms', 'nanoseconds', durationHint);
}

// Exact decimal arithmetic in BigInt, so `1.1ms` is 1100000 ns and not 1100000.0000000002.
function parseQuantity(text: string, units: ReadonlyMap<string, bigint>, expected: string, unit: string, hint: string): number {
	const m = /^\s*(\d+)(?:\.(\d+))?\s*(\S*)\s*$/.exec(text);
	const scale = m ? (m[3] === '' ? 1n : units.get(m[3] ?? '')) : undefined;
	if (!m || scale === undefined) throw new Error(`expected a ${expected}, got ${JSON.stringify(text)} (${hint})`);
	const fraction = m[2] ?? '';
	const scaled = BigInt(m[1] + fraction) * scale;
	const divisor = 10n ** BigInt(fraction.length);
	if (scaled % divisor !== 0n) throw new Error(`${JSON.stringify(text)} is not a whole number of ${unit}`);
	const value = scaled / divisor;
	if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${JSON.stringify(text)} is too large`);
	return Number(value);
}
