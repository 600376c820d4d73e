/**
 * The closed sets of format.ts as bits, so the reader checks a string-table entry against a
 * set with one AND: each set gets one bit, and a string's bits say which sets it belongs to.
 */
import {closedSets} from './format.ts';

export type EnumName = keyof typeof closedSets;

const names = Object.keys(closedSets) as EnumName[];

/** One bit per set, in the order format.ts lists them. */
export const enumBits = Object.fromEntries(names.map((name, i) => [name, 1 << i])) as Readonly<Record<EnumName, number>>;

const bitsByValue = new Map<string, number>();
for (const name of names) {
	for (const value of Object.keys(closedSets[name])) bitsByValue.set(value, (bitsByValue.get(value) ?? 0) | enumBits[name]);
}

/** The sets `value` belongs to, as a bit mask (0 for none). */
export function enumBitsOf(value: string): number {
	return bitsByValue.get(value) ?? 0;
}

/** The allowed values of a set, for messages. */
export function enumValues(name: EnumName): readonly string[] {
	return Object.keys(closedSets[name]);
}
