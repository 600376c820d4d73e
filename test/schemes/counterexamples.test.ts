/**
 * Counterexamples: what a failing property looks like once fast-check has shrunk it, and
 * the case the properties found against `refcount-2010`, kept so it stays caught.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import type {Prot, Scenario} from '../../source/sim/config.ts';
import {raceFreeSchemeIds} from '../../source/sim/schemes/index.ts';
import {generatedCase} from './arbitraries.ts';
import {assertNoViolation, type Case, kindsOf, simulate} from './helpers.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Faulting threads and an mprotect writer on one shared region: mprotect-race, sized at random. */
function raceCase(cpus: number, size: number, think: number, prot: Prot, seed: number): Case {
	const scenario: Scenario = {
		name: 'shrink',
		description: 'faults against mprotect',
		cpus: 8,
		sockets: 1,
		durationNs: 200_000,
		scheme: 'mmap-sem',
		seed: 1,
		memcg: true,
		costs: {},
		injectMmap: {size: MiB, file: false, shared: false},
		processes: [
			{
				name: 'race',
				count: 1,
				threads: 'cpus',
				mappings: [{name: 'buf', size, file: false, shared: false, prot: 'rw'}],
				program: [{op: 'loop', times: null, body: [{op: 'touch', region: 'buf', write: true, stride: 4 * KiB, slice: true, random: false}, {op: 'madvise', region: 'buf', slice: true}]}],
				threadPrograms: [{thread: 0, program: [{op: 'loop', times: null, body: [{op: 'mprotect', region: 'buf', prot}, {op: 'think', ns: think}, {op: 'mprotect', region: 'buf', prot: 'rw'}, {op: 'think', ns: think}]}]}],
			},
		],
	};
	return {scenario, cpus, sockets: 1, seed, injections: []};
}

test('a failing property shrinks to a small case whose message is a readable trace', () => {
	const arbitrary = fc
		.record({cpus: fc.integer({min: 2, max: 8}), size: fc.constantFrom(256 * KiB, 1 * MiB, 4 * MiB), think: fc.integer({min: 1000, max: 10_000}), prot: fc.constantFrom<Prot>('r', 'none'), seed: fc.nat()})
		.map(c => raceCase(c.cpus, c.size, c.think, c.prot, c.seed));
	const result = fc.check(
		fc.property(arbitrary, c => assertNoViolation(c, 'spf-v11', 'skip-seq-recheck', 200_000)),
		{numRuns: 30, seed: 7, includeErrorInReport: true},
	);
	assert.ok(result.failed, 'skip-seq-recheck is caught');
	const [shrunk] = result.counterexample!;
	// Shrinking goes for the smallest machine and region that still fail.
	assert.equal(shrunk.cpus, 2);
	assert.equal(shrunk.scenario.processes[0]!.mappings[0]!.size, 256 * KiB);
	const message = fc.defaultReportMessage(result)!;
	assert.match(message, /Counterexample: /);
	assert.match(message, /spf-v11 --break skip-seq-recheck: \d+ violation\(s\); the first, pte-exceeds-vma/);
	// The trace reads like ftrace: time, CPU, kernel function, event.
	assert.match(message, /\n +[\d.]+ µs {2}cpu\d +do_anonymous_page +ptl-acquire ptl@0x[0-9a-f]+ trylock\n/);
	assert.match(message, /change_protection/);
	assert.match(message, /VIOLATION pte-exceeds-vma cpus \d/);
});

/**
 * Found by the random-program property (seed 13) and shrunk: mprotect(PROT_NONE) races a
 * read fault. refcount-2010's do_anonymous_page builds the entry from the VMA's flags, then
 * TLB-flush IPIs from the other CPUs' MADV_DONTNEED delay it before it owns the PTL; in
 * between, mprotect changes the flags and change_protection passes the table. Re-seeded
 * when random touches became a permutation (the old seed's order no longer lined up), and
 * again when anonymous read faults began to map the zero page (no page to allocate and
 * clear: the window moved), when zaps began to write `mm->rss_stat` and clears to draw
 * on the memory bandwidth, when line transfers began to queue loads, and when pages began
 * to come from the pcp lists and be charged to memcg (seed 7: the first that lines up again).
 */
const found: Case = {
	scenario: {
		name: 'generated',
		description: 'a random machine, program and writer',
		cpus: 8,
		sockets: 2,
		durationNs: 1_000_000,
		scheme: 'mmap-sem',
		seed: 1,
		memcg: true,
		// The round line costs of before the calibration (machines.ts): at the calibrated ones
		// the window is narrower and no seed of 1-399 hits it; this case is about the race, not the costs.
		costs: {pageZeroNs: 300, rcuGpNs: 5000, srcuPollNs: 2000, casSameSocketNs: 100, casCrossSocketNs: 450, storeSameSocketNs: 50, storeCrossSocketNs: 150},
		injectMmap: {size: 2 * MiB, file: false, shared: false},
		processes: [
			{
				name: 'app',
				count: 1,
				threads: 'cpus',
				mappings: [{name: 'm0', size: 8 * MiB, file: false, shared: false, prot: 'rw'}],
				program: [
					{
						op: 'loop',
						times: null,
						body: [
							{op: 'madvise', region: 'm0', slice: false},
							{op: 'touch', region: 'm0', write: false, stride: 2 * MiB, slice: false, random: true},
							{op: 'touch', region: 'm0', write: false, stride: 2 * MiB, slice: true, random: false},
							{op: 'madvise', region: 'm0', slice: true},
							{op: 'think', ns: 1000},
						],
					},
				],
				threadPrograms: [
					{
						thread: 0,
						// The recorded case began each round with mprotect(rw) on the rw region, which the
						// simulator then ran in full; mprotect_fixup skips unchanged flags, so `rwx` keeps that step.
						program: [{op: 'loop', times: null, body: [{op: 'mprotect', region: 'm0', prot: 'rwx'}, {op: 'mprotect', region: 'm0', prot: 'none'}, {op: 'mprotect', region: 'm0', prot: 'rw'}, {op: 'think', ns: 1000}]}],
					},
				],
			},
		],
	},
	cpus: 7,
	sockets: 2,
	seed: 7,
	injections: [],
};

test('refcount-2010 races mprotect: the recorded counterexample stays caught, and only there', () => {
	const r = simulate(found.scenario, {cpus: found.cpus, sockets: found.sockets, seed: found.seed, scheme: 'refcount-2010', durationNs: 1_000_000});
	assert.deepEqual(kindsOf(r.violations), {'pte-exceeds-vma': 1});
	assert.match(r.violations[0]!.detail, /is present but vma#1 is --/);
	for (const scheme of raceFreeSchemeIds) assertNoViolation(found, scheme, null, 1_000_000);
});

test('rcu-2021 as written: random programs find its munmap race, shrunk to one fault and one munmap', () => {
	const result = fc.check(
		fc.property(generatedCase(1_000_000), c => assertNoViolation(c, 'rcu-2021', null, 1_000_000)),
		{numRuns: 100, seed: 5, includeErrorInReport: true},
	);
	assert.ok(result.failed);
	const [shrunk] = result.counterexample!;
	assert.equal(shrunk.cpus, 2);
	const message = fc.defaultReportMessage(result)!;
	// The fault allocates its PTE table after munmap's free_pgtables: the table leaks.
	assert.match(message, /rcu-2021: \d+ violation\(s\); the first, (pgtable-leak|pte-outside-vma)/);
	assert.match(message, /writer-begin munmap vma#1/);
});
