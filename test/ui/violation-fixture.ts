// A real race for the violation overlay's tests: mprotect-race under spf-v11 without the
// sequence re-check, whose first violation comes at 38 µs (a writable PTE in a VMA mprotect
// made read-only).
import {loadScenarioFile, resolveScenarioArg} from '../../source/scenarios/index.ts';
import {resolveMachine} from '../../source/sim/config.ts';
import type {SimEvent, ViolationEvent} from '../../source/sim/events.ts';
import {Simulator} from '../../source/sim/simulator.ts';

export const raceScenario = loadScenarioFile(resolveScenarioArg('mprotect-race'));
export const raceMachine = resolveMachine(raceScenario, {scheme: 'spf-v11', breakVariant: 'skip-seq-recheck'});

/** The race's events for the first `simNs`, as the simulator hands them out, and its first violation. */
export function raceEvents(simNs = 100_000): {batches: SimEvent[][]; events: SimEvent[]; first: ViolationEvent} {
	const sim = new Simulator(raceMachine);
	const batches: SimEvent[][] = [];
	for (let t = 5000; t <= simNs; t += 5000) batches.push(sim.advance(t));
	const events = batches.flat();
	return {batches, events, first: events.find(e => e.type === 'violation') as ViolationEvent};
}
