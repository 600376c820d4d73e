/**
 * Every key a scenario file may hold: its shape, limits, allowed words, default and meaning.
 * The readers (scenario.ts, process.ts, mapping.ts, steps.ts, expect.ts, costs.ts) take
 * their keys from here, and schema.ts turns the same tables into scenarios/schema.json.
 */
import {maxCpus, maxSockets, maxThreadsPerCore} from '../sim/config.ts';
import {defaultMachine, machineNames} from '../sim/machines.ts';
import {defaultParams, paramNames} from '../sim/params.ts';
import {breakVariants, schemeIds} from '../sim/schemes/index.ts';
import {maxMappingBytes, maxProcesses} from './limits.ts';
import type {Key, Keys, Shape} from './shape.ts';

/** Whether a mapping is anonymous memory or backed by a file. */
export const kinds = ['anon', 'file'] as const;
/** Protections as `mmap(2)` spells them. */
export const prots = ['none', 'r', 'rw', 'rx', 'rwx'] as const;

const scheme = {type: 'choice', values: schemeIds} as const;
const schemeList = {type: 'list', items: scheme} as const;
const mappingSize = {type: 'size', pages: true, max: maxMappingBytes} as const;

/** A mapping, in `mappings:` or as an `mmap` step. */
export const mappingKeys = {
	name: {doc: 'What steps call it (`region:`); unique within the process.', shape: {type: 'text'}, required: true},
	size: {doc: 'Length, a multiple of 4KiB, at most 1TiB.', shape: mappingSize, required: true},
	kind: {doc: '`anon` (anonymous memory) or `file` (backed by a file in the page cache).', shape: {type: 'choice', values: kinds}, default: 'anon'},
	shared: {doc: '`MAP_SHARED` instead of `MAP_PRIVATE`.', shape: {type: 'boolean'}, default: false},
	prot: {doc: 'Protection, as mmap(2) spells it.', shape: {type: 'choice', values: prots}, default: 'rw'},
} as const satisfies Keys;

/** An `mmap` step: a mapping, optionally placed next to another region. */
export const mmapKeys = {
	...mappingKeys,
	next_to: {doc: 'Place it directly above this region (mmap\'s address hint: used when that range is free); an anonymous mapping with the same protection then merges into the same VMA.', shape: {type: 'region'}},
} as const satisfies Keys;

/** Part of a region a step acts on; both left out: the whole region. */
const partKeys = {
	offset: {doc: 'Where the part starts, bytes from the region\'s start: a multiple of 4KiB (0 or a size like 64KiB) inside the region.', shape: {type: 'size', pages: true, zero: true}},
	size: {doc: 'Length of the part, a multiple of 4KiB reaching no further than the region\'s end; the rest of the region when left out.', shape: {type: 'size', pages: true}},
} as const satisfies Keys;

export const touchKeys = {
	region: {doc: 'The mapping to access.', shape: {type: 'region'}, required: true},
	access: {doc: 'Read or write each page.', shape: {type: 'choice', values: ['read', 'write']}, default: 'write'},
	stride: {doc: 'Bytes from one access to the next, a multiple of 4KiB.', shape: {type: 'size', pages: true}, default: '4KiB'},
	slice: {doc: "Touch only this thread's equal share of the region.", shape: {type: 'boolean'}, default: false},
	order: {doc: '`seq`, or `random` (a seeded permutation of the pages).', shape: {type: 'choice', values: ['seq', 'random']}, default: 'seq'},
} as const satisfies Keys;

export const regionKeys = {
	region: {doc: 'The mapping to unmap.', shape: {type: 'region'}, required: true},
	...partKeys,
} as const satisfies Keys;

export const mprotectKeys = {
	region: {doc: 'The mapping to change.', shape: {type: 'region'}, required: true},
	prot: {doc: 'The new protection; its PTEs are rewritten.', shape: {type: 'choice', values: prots}, required: true},
	...partKeys,
} as const satisfies Keys;

export const madviseKeys = {
	region: {doc: 'The mapping to zap.', shape: {type: 'region'}, required: true},
	advice: {doc: 'Only `MADV_DONTNEED` is simulated; the key is there so the file says what it does.', shape: {type: 'choice', values: ['dontneed']}, default: 'dontneed'},
	slice: {doc: "Zap only this thread's equal share of the region (or of the part `offset`/`size` give).", shape: {type: 'boolean'}, default: false},
	...partKeys,
} as const satisfies Keys;

export const faultsKeys = {
	region: {doc: 'The mapping the pages are in; it may be one another thread of the process mmaps.', shape: {type: 'region'}, required: true},
	pages: {doc: 'Page indexes from the region\'s start, each or a range `first-last` then `r` (read) or `w` (write), in order: `"0-15w 17r"`.', shape: {type: 'text'}, required: true},
} as const satisfies Keys;

export const loopKeys = {
	times: {doc: 'How many times to run the body; forever when left out.', shape: {type: 'integer', min: 1}},
	body: {doc: 'The steps to repeat.', shape: {type: 'steps', minItems: 1}, required: true},
} as const satisfies Keys;

/** The operations of a program: each step is a map with exactly one of these keys. */
export const stepKeys = {
	mmap: {doc: 'Map a region (keys as for a mapping, and `next_to`); takes mmap_sem for write. Next to an anonymous VMA with the same protection it extends that VMA (vma_merge).', shape: {type: 'map', keys: mmapKeys}},
	touch: {doc: 'Access the region every `stride` bytes; each access to an unmapped page is a page fault.', shape: {type: 'map', keys: touchKeys}},
	faults: {doc: 'Access the listed pages of the region in order, as a trace recorded them (`spf-top import` writes these).', shape: {type: 'map', keys: faultsKeys}},
	munmap: {doc: 'Unmap the region (`munmap: heap` or `munmap: {region: heap}`), or the part `offset`/`size` give (splitting its VMA): zap, TLB shootdown, free page tables and VMA.', shape: {type: 'region-or-map', keys: regionKeys}},
	mprotect: {doc: "Change the protection of the region, or of the part `offset`/`size` give (splitting its VMA), and rewrite its PTEs.", shape: {type: 'map', keys: mprotectKeys}},
	madvise: {doc: 'MADV_DONTNEED the region, the part `offset`/`size` give, or this thread\'s slice: the next touch faults again (VMAs are not split).', shape: {type: 'map', keys: madviseKeys}},
	think: {doc: 'Compute without touching memory, a duration above zero (`think: 5us`).', shape: {type: 'duration', positive: true}},
	barrier: {doc: 'Wait until every thread of the process has reached a barrier (`barrier: {}`, `barrier: true` or `barrier:`).', shape: {type: 'nothing'}},
	loop: {doc: 'Run `body` `times` times, or forever without `times`.', shape: {type: 'map', keys: loopKeys}},
} as const satisfies Keys;

export const threadProgramKeys = {
	thread: {doc: 'The thread, numbered from 0 in each process.', shape: {type: 'integer', min: 0}, required: true},
	cpu: {doc: 'Pin the thread to this CPU (modulo the CPU count), taking turns with any other thread there; without it the thread gets a CPU of its own.', shape: {type: 'integer', min: 0, max: maxCpus - 1}},
	program: {doc: 'What that thread runs instead of `program`.', shape: {type: 'steps', minItems: 1}, required: true},
} as const satisfies Keys;

export const processKeys = {
	name: {doc: 'Unique; processes with `count` > 1 show as name.0, name.1, ...', shape: {type: 'text'}, required: true},
	count: {doc: 'How many such processes, each with its own mm: 4, cpus, cpus-1, cpus+1, cpus*2, cpus/2.', shape: {type: 'count', max: maxProcesses, what: `processes (at most ${maxProcesses} in all, one per CPU at most)`}, default: 1},
	threads: {doc: 'Threads per process, each pinned to its own CPU unless `thread_programs` gives it a `cpu:`: 4, cpus, cpus-1, cpus+1, cpus*2, cpus/2.', shape: {type: 'count', max: maxCpus, what: `threads (at most ${maxCpus}, one per CPU)`}, default: 1},
	mappings: {doc: "Mapped before any thread runs, shared by the process's threads.", shape: {type: 'list', items: {type: 'map', keys: mappingKeys}}},
	program: {doc: 'The steps every thread runs (unless `thread_programs` gives it another).', shape: {type: 'steps', minItems: 1}, required: {unless: 'thread_programs'}},
	thread_programs: {doc: 'Programs for particular threads, instead of `program`.', shape: {type: 'list', items: {type: 'map', keys: threadProgramKeys}}},
} as const satisfies Keys;

export const injectMmapKeys = {
	size: {doc: 'Length, a multiple of 4KiB.', shape: mappingSize, default: '8MiB'},
	kind: mappingKeys.kind,
	shared: mappingKeys.shared,
} as const satisfies Keys;

export const injectKeys = {
	mmap: {doc: "The mapping the dashboard's `m` key creates.", shape: {type: 'map', keys: injectMmapKeys}},
} as const satisfies Keys;

export const minSpeculativeKeys = {
	scheme: {doc: 'The scheme to run.', shape: scheme, required: true},
	percent: {doc: 'At least this share of faults (0 to 100) completes speculatively.', shape: {type: 'number', min: 0, max: 100}, required: true},
} as const satisfies Keys;

export const caughtKeys = {
	scheme: {doc: 'The scheme to run.', shape: scheme, required: true},
	break: {doc: 'The `--break` variant to run it with; the scheme as written without it.', shape: {type: 'choice', values: breakVariants}},
	schedule: {doc: 'An explored schedule (`spf-top explore` prints it) to run under, such as `cpu3@1234+16us`.', shape: {type: 'text'}},
} as const satisfies Keys;

export const expectKeys = {
	violations: {doc: 'Invariant violations allowed (normally 0) under every race-free scheme.', shape: {type: 'integer', min: 0}},
	min_faults: {doc: "At least this many page faults in a run under the scenario's own scheme.", shape: {type: 'integer', min: 0}},
	min_speculative: {doc: 'When run under `scheme`, at least `percent` of faults complete speculatively.', shape: {type: 'map', keys: minSpeculativeKeys}},
	speculative: {doc: 'Schemes that each complete at least one fault speculatively.', shape: schemeList},
	not_speculative: {doc: 'Schemes that complete no fault speculatively.', shape: schemeList},
	caught: {doc: 'Runs in which the checker must find at least one violation.', shape: {type: 'list', items: {type: 'map', keys: caughtKeys}}},
} as const satisfies Keys;

/** A cost's shape from its name: `…Ns` a duration, `…Permille` 0 to 1000, the rest a count of pages. */
function costShape(name: string): Shape {
	if (name.endsWith('Ns')) return {type: 'duration'};
	return {type: 'integer', min: 0, ...(name.endsWith('Permille') ? {max: 1000} : {})};
}

export const costKeys: Keys = Object.fromEntries(paramNames.map(name => {
	const value = defaultParams[name];
	const key: Key = {doc: `Overrides the simulator's ${name} (see source/sim/params.ts).`, shape: costShape(name), default: name.endsWith('Ns') ? `${value}ns` : value};
	return [name, key];
}));

export const scenarioKeys = {
	name: {doc: 'Shown in the header and in recordings; the file name without .yaml by default.', shape: {type: 'text'}},
	description: {doc: 'What the scenario demonstrates and the expected outcome, in a sentence or three.', shape: {type: 'text'}, required: true},
	cpus: {doc: 'CPU count (--cpus overrides).', shape: {type: 'integer', min: 1, max: maxCpus}, default: 8},
	machine: {doc: 'The machine preset: its sockets, cores, SMT threads and line costs (`spf-top --help` lists them).', shape: {type: 'choice', values: machineNames}, default: defaultMachine.name},
	sockets: {doc: "Spread the CPUs evenly over this many sockets (at most one per CPU); left out, the machine's sockets fill one after another (CPU 0 up on socket 0).", shape: {type: 'integer', min: 1, max: maxSockets}},
	smt: {doc: "SMT threads per core (1 turns SMT off); left out, the machine's. Sibling of CPU n is n + cores, as Linux numbers Intel CPUs.", shape: {type: 'integer', min: 1, max: maxThreadsPerCore}},
	duration: {doc: 'Simulated time to run, above zero.', shape: {type: 'duration', positive: true}, default: '20ms'},
	scheme: {doc: 'The page-fault locking scheme to start with.', shape: scheme, default: 'mmap-sem'},
	seed: {doc: 'PRNG seed: same seed, same run.', shape: {type: 'integer', min: 0}, default: 1},
	memcg: {doc: 'Charge every page to a memory cgroup three levels deep (`mem_cgroup_charge`), as systemd distributions do; false for a kernel without memcg (--no-memcg).', shape: {type: 'boolean'}, default: true},
	costs: {doc: "Overrides of the simulator's cost parameters.", shape: {type: 'map', keys: costKeys}},
	inject: {doc: "What the dashboard's `m` key maps.", shape: {type: 'map', keys: injectKeys}},
	processes: {doc: 'One or more process kinds; CPUs are handed out in order to the threads no `cpu:` pins.', shape: {type: 'list', items: {type: 'map', keys: processKeys}, minItems: 1}, required: true},
	expect: {doc: 'What a run should show, so `spf-top check` can hold the scenario to its description.', shape: {type: 'map', keys: expectKeys}},
} as const satisfies Keys;
