/**
 * Simulated events per wall second for the built-in `default` scenario at 8, 64 and 256
 * CPUs, and faults per simulated second for `page-fault1` at 1, 8 and 64 CPUs.
 * Each figure is the median of several runs, printed with its spread.
 */
import {loadScenarioFile, resolveScenarioArg} from '../source/scenarios/index.ts';
import {resolveMachine} from '../source/sim/config.ts';
import {Simulator} from '../source/sim/simulator.ts';

export interface EngineFigure {
	readonly scenario: string;
	readonly cpus: number;
	readonly events: number;
	readonly eventsPerSec: number;
	readonly spread: number;
	readonly faultsPerSimSec: number;
}

function runOnce(scenario: string, cpus: number, simNs: number): {events: number; wallMs: number; faults: number} {
	const sim = new Simulator(resolveMachine(loadScenarioFile(resolveScenarioArg(scenario)), {cpus}));
	const t0 = performance.now();
	let events = 0;
	let faults = 0;
	for (let t = 1_000_000; t <= simNs; t += 1_000_000) {
		const batch = sim.advance(t);
		events += batch.length;
		for (const e of batch) if (e.type === 'fault-end') faults++;
	}
	return {events, wallMs: performance.now() - t0, faults};
}

export function measureEngine(scenario: string, cpus: number, simNs: number, runs: number): EngineFigure {
	runOnce(scenario, cpus, simNs / 4); // warm the JIT so the first figure is not an outlier
	const rates: number[] = [];
	let last = {events: 0, wallMs: 0, faults: 0};
	for (let i = 0; i < runs; i++) {
		last = runOnce(scenario, cpus, simNs);
		rates.push(last.events / (last.wallMs / 1000));
	}
	rates.sort((a, b) => a - b);
	const median = rates[Math.floor(rates.length / 2)]!;
	return {scenario, cpus, events: last.events, eventsPerSec: median, spread: (rates.at(-1)! - rates[0]!) / median, faultsPerSimSec: last.faults / (simNs / 1e9)};
}

export function engineBench(): EngineFigure[] {
	const figures: EngineFigure[] = [];
	for (const cpus of [8, 64, 256]) figures.push(measureEngine('default', cpus, 10_000_000, 3));
	for (const cpus of [1, 8, 64]) figures.push(measureEngine('page-fault1', cpus, 10_000_000, 1));
	return figures;
}

export function formatEngine(figures: readonly EngineFigure[]): string {
	const lines = ['engine: simulated events per wall second (median of runs, ± spread) and faults per simulated second', `${'scenario'.padEnd(12)} ${'cpus'.padStart(5)} ${'events'.padStart(10)} ${'events/s'.padStart(12)} ${'spread'.padStart(7)} ${'faults/sim-s'.padStart(13)}`];
	for (const f of figures) {
		lines.push(`${f.scenario.padEnd(12)} ${String(f.cpus).padStart(5)} ${String(f.events).padStart(10)} ${Math.round(f.eventsPerSec).toLocaleString('en-US').padStart(12)} ${`±${(f.spread * 50).toFixed(1)}%`.padStart(7)} ${Math.round(f.faultsPerSimSec).toLocaleString('en-US').padStart(13)}`);
	}
	return lines.join('\n');
}
