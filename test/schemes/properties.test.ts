/**
 * The schemes' central property: whatever the machine, the programs, the costs and the
 * injected writers, a race-free scheme gives the checker nothing to report. fast-check
 * generates the cases and shrinks a failure to a small one; the assertion message then
 * carries the ftrace-style trace of what led to the first violation.
 */
import {test} from 'node:test';
import fc from 'fast-check';
import {listBuiltinScenarios} from '../../source/scenarios/index.ts';
import {raceFreeSchemeIds} from '../../source/sim/schemes/index.ts';
import {generatedCase, injections} from './arbitraries.ts';
import {assertNoViolation, builtin} from './helpers.ts';

/** `SPF_FC_SEED=n` explores other cases; by default every run checks the same ones. */
const seed = Number(process.env['SPF_FC_SEED'] ?? 20_240_501);
const durationNs = 1_000_000;

for (const scheme of raceFreeSchemeIds) {
	test(`${scheme}: no violation on random machines, programs, costs and injections`, () => {
		fc.assert(
			fc.property(generatedCase(durationNs), c => assertNoViolation(c, scheme, null, durationNs)),
			{numRuns: 20, seed, includeErrorInReport: true},
		);
	});
}

test('refcount-2010: no violation on random programs whose writers never mprotect', () => {
	const noMprotect = generatedCase(durationNs).filter(c =>
		JSON.stringify(c.scenario.processes).includes('"op":"mprotect"') === false && c.injections.every(i => i.injection.kind !== 'mprotect'),
	);
	fc.assert(
		fc.property(noMprotect, c => assertNoViolation(c, 'refcount-2010', null, durationNs)),
		{numRuns: 20, seed, includeErrorInReport: true},
	);
});

test('every catalogue scenario under every race-free scheme: no violation at random sizes, seeds and injections', () => {
	const scenarios = listBuiltinScenarios().map(s => builtin(s.name));
	const catalogueCase = fc.record({
		scenario: fc.constantFrom(...scenarios),
		scheme: fc.constantFrom(...raceFreeSchemeIds),
		cpus: fc.integer({min: 1, max: 8}),
		sockets: fc.integer({min: 1, max: 2}),
		seed: fc.nat(),
		injections: injections(2 * durationNs),
	});
	fc.assert(
		fc.property(catalogueCase, c =>
			assertNoViolation({scenario: c.scenario, cpus: c.cpus, sockets: Math.min(c.sockets, c.cpus), seed: c.seed, injections: c.injections}, c.scheme, null, 2 * durationNs),
		),
		{numRuns: 40, seed, includeErrorInReport: true},
	);
});
