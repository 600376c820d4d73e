/**
 * fast-check arbitraries for the scheme properties: random machines (1-8 CPUs, 1-2
 * sockets), random process mappings, random programs for the faulting threads and for a
 * writer thread (mprotect, munmap, madvise, mmap/munmap of its own regions), random costs
 * that stretch the race windows (slow zeroing, expedited grace periods), and random
 * injections. Regions are referred to by index so that shrinking keeps programs valid.
 */
import fc from 'fast-check';
import type {MappingSpec, Prot, Scenario, Step} from '../../source/sim/config.ts';
import type {Injection} from '../../source/sim/events.ts';
import type {Case, TimedInjection} from './helpers.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

type WorkerStep =
	| {readonly kind: 'touch'; readonly r: number; readonly write: boolean; readonly stride: number; readonly slice: boolean; readonly random: boolean}
	| {readonly kind: 'madvise'; readonly r: number; readonly slice: boolean}
	| {readonly kind: 'think'; readonly ns: number}
	| {readonly kind: 'own'; readonly size: number; readonly file: boolean};

type WriterStep = WorkerStep | {readonly kind: 'mprotect'; readonly r: number; readonly prot: Prot} | {readonly kind: 'munmap'; readonly r: number};

const region = fc.nat({max: 7});

const mapping = fc.record({
	size: fc.constantFrom(256 * KiB, 1 * MiB, 4 * MiB, 8 * MiB),
	file: fc.boolean(),
	shared: fc.boolean(),
	prot: fc.constantFrom<Prot>('rw', 'rw', 'rw', 'r'),
});

const workerStep: fc.Arbitrary<WorkerStep> = fc.oneof(
	{weight: 4, arbitrary: fc.record({kind: fc.constant('touch' as const), r: region, write: fc.boolean(), stride: fc.constantFrom(4 * KiB, 64 * KiB, 2 * MiB), slice: fc.boolean(), random: fc.boolean()})},
	{weight: 2, arbitrary: fc.record({kind: fc.constant('madvise' as const), r: region, slice: fc.boolean()})},
	{weight: 1, arbitrary: fc.record({kind: fc.constant('think' as const), ns: fc.integer({min: 1000, max: 20_000})})},
	{weight: 1, arbitrary: fc.record({kind: fc.constant('own' as const), size: fc.constantFrom(64 * KiB, 512 * KiB, 2 * MiB), file: fc.boolean()})},
);

const writerStep: fc.Arbitrary<WriterStep> = fc.oneof(
	{weight: 3, arbitrary: fc.record({kind: fc.constant('mprotect' as const), r: region, prot: fc.constantFrom<Prot>('r', 'rw', 'none')})},
	{weight: 1, arbitrary: fc.record({kind: fc.constant('munmap' as const), r: region})},
	{weight: 3, arbitrary: workerStep},
);

/** Costs that widen race windows; the correct schemes must not care. */
const costs = fc.record({
	pageZeroNs: fc.constantFrom(300, 300, 5000, 20_000),
	rcuGpNs: fc.constantFrom(5000, 50_000, 3_000_000),
	srcuPollNs: fc.constantFrom(2000, 1_000_000),
});

export type GeneratedCase = Case;

/** Injections at random times in [0, durationNs): the keyboard's m, u, p and f. */
export function injections(durationNs: number): fc.Arbitrary<TimedInjection[]> {
	const vma = fc.integer({min: 1, max: 4});
	const injection: fc.Arbitrary<Injection> = fc.oneof(
		fc.record({kind: fc.constant('mmap' as const), mm: fc.constant(0), size: fc.constantFrom(256 * KiB, 2 * MiB), file: fc.boolean(), shared: fc.boolean()}),
		fc.record({kind: fc.constant('munmap' as const), mm: fc.constant(0), vma}),
		fc.record({kind: fc.constant('mprotect' as const), mm: fc.constant(0), vma}),
		fc.record({kind: fc.constant('fault-storm' as const), mm: fc.constant(0), vma, durationNs: fc.integer({min: 10_000, max: 200_000})}),
	);
	return fc.array(fc.record({atNs: fc.integer({min: 0, max: durationNs - 1}), injection}), {maxLength: 4});
}

/** A random machine, scenario and injections. */
export function generatedCase(durationNs: number): fc.Arbitrary<GeneratedCase> {
	return fc
		.record({
			cpus: fc.integer({min: 1, max: 8}),
			sockets: fc.integer({min: 1, max: 2}),
			seed: fc.nat(),
			costs,
			mappings: fc.array(mapping, {minLength: 1, maxLength: 3}),
			worker: fc.array(workerStep, {minLength: 1, maxLength: 5}),
			writer: fc.array(writerStep, {minLength: 1, maxLength: 5}),
			secondProcess: fc.boolean(),
			injections: injections(durationNs),
		})
		.map(c => ({
			scenario: buildScenario(c.mappings, c.worker, c.writer, c.secondProcess && c.cpus > 1, c.costs, durationNs),
			cpus: c.cpus,
			sockets: Math.min(c.sockets, c.cpus),
			seed: c.seed,
			injections: c.injections,
		}));
}

function buildScenario(
	mappings: readonly {size: number; file: boolean; shared: boolean; prot: Prot}[],
	worker: readonly WorkerStep[],
	writer: readonly WriterStep[],
	secondProcess: boolean,
	costs: Scenario['costs'],
	durationNs: number,
): Scenario {
	const specs: MappingSpec[] = mappings.map((m, i) => ({name: `m${i}`, ...m}));
	const name = (r: number): string => specs[r % specs.length]!.name;
	const program = (steps: readonly WriterStep[]): Step[] => [{op: 'loop', times: null, body: [...steps.flatMap(s => toSteps(s, name)), {op: 'think', ns: 1000}]}];
	return {
		name: 'generated',
		description: 'a random machine, program and writer',
		cpus: 8,
		sockets: 2,
		durationNs,
		scheme: 'mmap-sem',
		seed: 1,
		memcg: true,
		costs,
		injectMmap: {size: 2 * MiB, file: false, shared: false},
		processes: [
			{name: 'app', count: 1, threads: secondProcess ? 'cpus-1' : 'cpus', mappings: specs, program: program(worker), threadPrograms: [{thread: 0, program: program(writer)}]},
			...(secondProcess ? [{name: 'solo', count: 1, threads: 1, mappings: specs, program: program(worker), threadPrograms: []}] : []),
		],
	};
}

function toSteps(step: WriterStep, name: (r: number) => string): Step[] {
	switch (step.kind) {
		case 'touch':
			return [{op: 'touch', region: name(step.r), write: step.write, stride: step.stride, slice: step.slice, random: step.random}];
		case 'madvise':
			return [{op: 'madvise', region: name(step.r), slice: step.slice}];
		case 'think':
			return [{op: 'think', ns: step.ns}];
		case 'own':
			return [
				{op: 'mmap', name: 'own', size: step.size, file: step.file, shared: false, prot: 'rw'},
				{op: 'touch', region: 'own', write: true, stride: 4 * KiB, slice: false, random: false},
				{op: 'munmap', region: 'own'},
			];
		case 'mprotect':
			return [{op: 'mprotect', region: name(step.r), prot: step.prot}];
		case 'munmap':
			return [{op: 'munmap', region: name(step.r)}];
	}
}
