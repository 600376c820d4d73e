/**
 * Constants of the recording format, version 2 (`docs/record-format.md` is the spec).
 * Type codes are part of the format: never renumber them, only append.
 */
import type {FaultKind, FaultOutcome, FaultPath, FreeDeferral, LockMode, SimEventType, StepKind, ViolationKind, WriterOp} from '../sim/events.ts';

export const formatName = 'spf-top-record';

/** The major version this build writes and the newest it reads. */
export const formatVersion = 2;

/**
 * The oldest version this build reads. Version 1's checksum left out the header, so an edited
 * scenario passed `verify`; reading it under version 1's rules would let any file claim to be
 * one (a single byte of `version`), so it is refused.
 */
export const oldestFormatVersion = 2;

/** No line may be longer than this (bytes, newline excluded): the reader's memory bound. */
export const maxLineBytes = 1024 * 1024;

/** Strings the writer interns at most; later new strings are written inline. */
export const maxInternedStrings = 65_536;

/** Strings longer than this are written inline rather than interned. */
export const maxInternedLength = 256;

/** Strings a reader accepts in its table, and their total length in UTF-16 units. */
export const maxTableStrings = 1_048_576;
export const maxTableChars = 64 * 1024 * 1024;

/** Nesting a reader accepts in the header and the trailer. */
export const maxObjectDepth = 32;

/** Event type codes, the third element of an event line. */
export const typeCodes = {
	'fault-start': 0,
	'fault-end': 1,
	'spec-abort': 2,
	'lock-contend': 3,
	'lock-acquire': 4,
	'ptl-acquire': 5,
	'lock-release': 6,
	'vma-alloc': 7,
	'vma-free': 8,
	'pgtable-free': 9,
	'writer-begin': 10,
	'writer-end': 11,
	'tlb-shootdown': 12,
	'rcu-gp': 13,
	inject: 14,
	violation: 15,
	'vma-adjust': 16,
	step: 17,
} as const satisfies Record<SimEventType, number>;

/**
 * The fields after `[dt, cpu, type, fn` for each type, in line order. `$` marks a string
 * (a string-table id or an inline JSON string), `?` a boolean written 0 or 1, `[]` an
 * array of CPU numbers, `{}` an object; the rest are numbers. The decoder takes each type's
 * line width from here; the encoder and decoder spell the same order out by hand for speed
 * (test/record/codec.test.ts holds them to it).
 */
export const fieldLayouts: Readonly<Record<SimEventType, readonly string[]>> = {
	'fault-start': ['mm', 'addr', 'write?'],
	'fault-end': ['mm', 'addr', 'outcome$', 'path$', 'kind$', 'latencyNs'],
	'spec-abort': ['addr', 'reason$'],
	'lock-contend': ['lock$', 'mode$'],
	'lock-acquire': ['lock$', 'mode$', 'waitNs'],
	'ptl-acquire': ['lock$', 'mode$', 'waitNs'],
	'lock-release': ['lock$', 'mode$', 'holdNs'],
	'vma-alloc': ['mm', 'vma', 'start', 'end', 'flags$'],
	'vma-free': ['mm', 'vma', 'deferredBy$', 'deferredNs'],
	'pgtable-free': ['mm', 'addr', 'deferredBy$', 'deferredNs'],
	'writer-begin': ['op$', 'mm', 'vma', 'start', 'end'],
	'writer-end': ['op$', 'mm', 'vma', 'flags$', 'latencyNs'],
	'tlb-shootdown': ['mm', 'targets', 'latencyNs'],
	'rcu-gp': ['flavour$', 'gpNs', 'callbacks'],
	inject: ['injection{}'],
	violation: ['kind$', 'cpus[]', 'addr', 'detail$'],
	'vma-adjust': ['mm', 'vma', 'start', 'end'],
	step: ['step$', 'vma', 'addr'],
};

/** Event types by code: `typeCodes` read backwards. */
export const typeNames: readonly SimEventType[] = (Object.keys(typeCodes) as SimEventType[]).sort((a, b) => typeCodes[a] - typeCodes[b]);

/**
 * The closed string sets of the event union: a reader refuses a value outside its set before
 * it reaches a fold. `satisfies Record<Union, 1>` makes a new union member a type error here
 * until it is listed. Only appended to, as the type codes are: a set's position is its bit in
 * the reader's string table (enums.ts).
 */
export const closedSets = {
	outcome: {ok: 1, sigsegv: 1, retry: 1} satisfies Record<FaultOutcome, 1>,
	path: {classic: 1, speculative: 1, fallback: 1} satisfies Record<FaultPath, 1>,
	kind: {anon: 1, read: 1, cow: 1, shared: 1, wp: 1, spurious: 1, none: 1} satisfies Record<FaultKind, 1>,
	mode: {read: 1, write: 1, spin: 1, trylock: 1, ref: 1, srcu: 1, rcu: 1, atomic: 1, bw: 1} satisfies Record<LockMode, 1>,
	/** The modes a page-table lock is taken in (`ptl-acquire`). */
	ptlMode: {spin: 1, trylock: 1} satisfies Partial<Record<LockMode, 1>>,
	deferral: {none: 1, refcount: 1, rcu: 1, srcu: 1} satisfies Record<FreeDeferral, 1>,
	op: {mmap: 1, munmap: 1, mprotect: 1, madvise: 1} satisfies Record<WriterOp, 1>,
	flavour: {rcu: 1, srcu: 1} satisfies Record<'rcu' | 'srcu', 1>,
	violation: {
		'vma-use-after-free': 1,
		'pte-exceeds-vma': 1,
		'pte-outside-vma': 1,
		'pgtable-leak': 1,
		'pgtable-use-after-free': 1,
		'bad-unlock': 1,
		'bad-lock-contract': 1,
	} satisfies Record<ViolationKind, 1>,
	step: {'vma-use': 1, 'pgtable-walk': 1, 'pgtable-link': 1, 'pte-set': 1, 'pgtable-unlink': 1} satisfies Record<StepKind, 1>,
} as const;
