/**
 * The closed string sets of the event union, so a reader can refuse a value it does not
 * know before it reaches a fold. `satisfies Record<Union, 1>` makes a new union member a
 * type error here until it is listed.
 */
import type {FaultKind, FaultOutcome, FaultPath, FreeDeferral, LockMode, ViolationKind, WriterOp} from '../sim/events.ts';

const outcomes = {ok: 1, sigsegv: 1, retry: 1} satisfies Record<FaultOutcome, 1>;
const paths = {classic: 1, speculative: 1, fallback: 1} satisfies Record<FaultPath, 1>;
const kinds = {anon: 1, read: 1, cow: 1, shared: 1, wp: 1, spurious: 1, none: 1} satisfies Record<FaultKind, 1>;
const modes = {read: 1, write: 1, spin: 1, trylock: 1, ref: 1, srcu: 1, rcu: 1} satisfies Record<LockMode, 1>;
const deferrals = {none: 1, refcount: 1, rcu: 1, srcu: 1} satisfies Record<FreeDeferral, 1>;
const ops = {mmap: 1, munmap: 1, mprotect: 1, madvise: 1} satisfies Record<WriterOp, 1>;
const flavours = {rcu: 1, srcu: 1} satisfies Record<'rcu' | 'srcu', 1>;
const violations = {
	'vma-use-after-free': 1,
	'pte-exceeds-vma': 1,
	'pte-outside-vma': 1,
	'pgtable-leak': 1,
	'pgtable-use-after-free': 1,
	'bad-unlock': 1,
	'bad-lock-contract': 1,
} satisfies Record<ViolationKind, 1>;

/** One bit per set; a string's bits say which sets it belongs to. */
export const enumBits = {
	outcome: 1 << 0,
	path: 1 << 1,
	kind: 1 << 2,
	mode: 1 << 3,
	ptlMode: 1 << 4,
	deferral: 1 << 5,
	op: 1 << 6,
	flavour: 1 << 7,
	violation: 1 << 8,
} as const;

export type EnumName = keyof typeof enumBits;

const sets: Record<EnumName, readonly string[]> = {
	outcome: Object.keys(outcomes),
	path: Object.keys(paths),
	kind: Object.keys(kinds),
	mode: Object.keys(modes),
	ptlMode: ['spin', 'trylock'],
	deferral: Object.keys(deferrals),
	op: Object.keys(ops),
	flavour: Object.keys(flavours),
	violation: Object.keys(violations),
};

const bitsByValue = new Map<string, number>();
for (const [name, values] of Object.entries(sets) as [EnumName, readonly string[]][]) {
	for (const value of values) bitsByValue.set(value, (bitsByValue.get(value) ?? 0) | enumBits[name]);
}

/** The sets `value` belongs to, as a bit mask (0 for none). */
export function enumBitsOf(value: string): number {
	return bitsByValue.get(value) ?? 0;
}

/** The allowed values of a set, for messages. */
export function enumValues(name: EnumName): readonly string[] {
	return sets[name];
}
