/**
 * Engine figures: the floor (a bare discrete-event loop on the engine's own heap with a
 * trivial handler that emits one event record per entry) and the same loop stepping
 * generator tasks through the simulator's engine, the real simulator's events per
 * wall second on `default` and `pft` at 8, 64 and 256 CPUs with its ratio to the floor,
 * faults per simulated second for `page-fault1` at 1, 8 and 64 CPUs, and the slowdown
 * against real time (wall ns per simulated ns) for `page-fault1` at 64 CPUs per scheme.
 */
import {loadScenarioFile, resolveScenarioArg} from '../source/scenarios/index.ts';
import {resolveMachine} from '../source/sim/config.ts';
import {Engine, type Step} from '../source/sim/engine.ts';
import {EventHeap} from '../source/sim/heap.ts';
import {schemeIds} from '../source/sim/schemes/index.ts';
import {Simulator} from '../source/sim/simulator.ts';
import {formatInt, formatSpread, measure, type Measured} from './stats.ts';

export interface EngineRow {
	readonly scenario: string;
	readonly cpus: number;
	readonly events: number;
	readonly eventsPerSec: Measured;
	/** Share of the floor's events per second. */
	readonly ofFloor: number;
	/** Wall ns per event. */
	readonly nsPerEvent: number;
	/** Waits the engine stepped per event (`Engine.waits`). */
	readonly waitsPerEvent: number;
	/** Share of the generator floor's events per second. */
	readonly ofGeneratorFloor: number;
	/** Per simulated fault: waits, heap pushes/pops/replacements, generator resumes, events emitted. */
	readonly perFault: {readonly waits: number; readonly heapOps: number; readonly resumes: number; readonly events: number};
}

export interface EngineFigures {
	readonly floor: Measured;
	/** The floor's loop with generator tasks on the simulator's engine. */
	readonly generatorFloor: Measured;
	readonly rows: readonly EngineRow[];
	readonly pageFault1: readonly {readonly cpus: number; readonly faultsPerSimSec: number}[];
	readonly slowdown: readonly {readonly scheme: string; readonly slowdown: Measured}[];
}

/** The floor: the same heap, a handler that reschedules itself and builds one event. */
function floorOnce(entries: number): number {
	const heap = new EventHeap<number>();
	const sink: {t: number; cpu: number; type: string}[] = [];
	for (let cpu = 0; cpu < 64; cpu++) heap.push(cpu, cpu);
	const t0 = performance.now();
	for (let i = 0; i < entries; i++) {
		const t = heap.peekTime();
		const cpu = heap.pop();
		sink.push({t, cpu, type: 'tick'});
		if (sink.length >= 1000) sink.length = 0;
		heap.push(t + 100 + (cpu & 7), cpu);
	}
	return entries / ((performance.now() - t0) / 1000);
}

/**
 * The same loop on the simulator's own engine: 64 tasks, each a generator that only yields
 * a wait and builds one event record, so the figure is what stepping generators through the
 * engine costs before any kernel code runs.
 */
function generatorFloorOnce(entries: number): number {
	const engine = new Engine(64);
	const sink: {t: number; cpu: number; type: string}[] = [];
	let left = entries;
	function* task(cpu: number): Step {
		while (left-- > 0) {
			sink.push({t: engine.now, cpu, type: 'tick'});
			if (sink.length >= 1000) sink.length = 0;
			yield 100 + (cpu & 7);
		}
	}
	for (let cpu = 0; cpu < 64; cpu++) engine.spawn(cpu, 'tick', task(cpu), cpu);
	const t0 = performance.now();
	engine.run(Number.POSITIVE_INFINITY, () => false);
	return entries / ((performance.now() - t0) / 1000);
}

interface Simulated {
	readonly events: number;
	readonly wallMs: number;
	readonly faults: number;
	readonly waits: number;
	readonly heapOps: number;
	readonly resumes: number;
}

export function simulate(scenario: string, cpus: number, simNs: number, scheme?: string): Simulated {
	const sim = new Simulator(resolveMachine(loadScenarioFile(resolveScenarioArg(scenario)), {cpus, scheme}));
	const t0 = performance.now();
	let events = 0;
	let faults = 0;
	// Batches of 1000 events, as the CLI's batch source hands them out.
	while (sim.now < simNs) {
		const batch = sim.advance(simNs, 1000);
		if (batch.length === 0) break;
		events += batch.length;
		for (const e of batch) if (e.type === 'fault-end') faults++;
	}
	const engine = sim.k.engine;
	return {events, wallMs: performance.now() - t0, faults, waits: engine.waits, heapOps: engine.heapOps, resumes: engine.resumes};
}

export function engineBench(quick = false): EngineFigures {
	const runs = quick ? 1 : 5;
	floorOnce(1_000_000);
	const floor = measure(runs, () => floorOnce(3_000_000));
	generatorFloorOnce(1_000_000);
	const generatorFloor = measure(runs, () => generatorFloorOnce(3_000_000));
	const rows: EngineRow[] = [];
	for (const scenario of ['default', 'pft']) {
		for (const cpus of [8, 64, 256]) {
			simulate(scenario, cpus, 2_000_000); // warm the JIT
			let last: Simulated | undefined;
			const eventsPerSec = measure(runs, () => {
				last = simulate(scenario, cpus, 10_000_000);
				return last.events / (last.wallMs / 1000);
			});
			const {events, waits, heapOps, resumes, faults} = last!;
			rows.push({
				scenario,
				cpus,
				events,
				eventsPerSec,
				ofFloor: eventsPerSec.median / floor.median,
				ofGeneratorFloor: eventsPerSec.median / generatorFloor.median,
				nsPerEvent: 1e9 / eventsPerSec.median,
				waitsPerEvent: waits / events,
				perFault: {waits: waits / faults, heapOps: heapOps / faults, resumes: resumes / faults, events: events / faults},
			});
		}
	}
	const pageFault1 = [1, 8, 64].map(cpus => ({cpus, faultsPerSimSec: simulate('page-fault1', cpus, 10_000_000).faults / 0.01}));
	const slowdown = schemeIds.map(scheme => ({
		scheme,
		slowdown: measure(runs, () => simulate('page-fault1', 64, 5_000_000, scheme).wallMs * 1e6 / 5_000_000),
	}));
	return {floor, generatorFloor, rows, pageFault1, slowdown};
}

export function formatEngine(f: EngineFigures): string {
	const lines = [
		`engine floor (bare heap loop, one event record per entry): ${formatInt(f.floor.median)} events/s ${formatSpread(f.floor)}`,
		`the same loop with 64 generator tasks on the simulator's engine: ${formatInt(f.generatorFloor.median)} events/s ${formatSpread(f.generatorFloor)} (${((f.generatorFloor.median / f.floor.median) * 100).toFixed(0)}% of the floor)`,
		'',
		'simulator: events per wall second (median, ± half the spread)',
		`${'scenario'.padEnd(10)} ${'cpus'.padStart(5)} ${'events'.padStart(9)} ${'events/s'.padStart(11)} ${'spread'.padStart(7)} ${'of floor'.padStart(9)} ${'of gen.'.padStart(8)} ${'ns/event'.padStart(9)} ${'waits/event'.padStart(12)}   per fault: ${'waits'.padStart(6)} ${'heap ops'.padStart(8)} ${'resumes'.padStart(8)} ${'events'.padStart(7)}`,
	];
	const pct = (x: number, width: number) => `${(x * 100).toFixed(1)}%`.padStart(width);
	for (const r of f.rows) {
		const p = r.perFault;
		lines.push(`${r.scenario.padEnd(10)} ${String(r.cpus).padStart(5)} ${formatInt(r.events).padStart(9)} ${formatInt(r.eventsPerSec.median).padStart(11)} ${formatSpread(r.eventsPerSec).padStart(7)} ${pct(r.ofFloor, 9)} ${pct(r.ofGeneratorFloor, 8)} ${r.nsPerEvent.toFixed(0).padStart(9)} ${r.waitsPerEvent.toFixed(2).padStart(12)}              ${p.waits.toFixed(2).padStart(6)} ${p.heapOps.toFixed(2).padStart(8)} ${p.resumes.toFixed(2).padStart(8)} ${p.events.toFixed(2).padStart(7)}`);
	}
	for (const scenario of ['default', 'pft']) {
		const at = (cpus: number) => f.rows.find(r => r.scenario === scenario && r.cpus === cpus)!;
		// Kernel code costing nothing would still leave one generator step per wait.
		const ceiling = f.generatorFloor.median / at(64).waitsPerEvent / f.floor.median;
		lines.push(`${scenario}: cost per event at 256 CPUs / at 8 CPUs = ${(at(256).nsPerEvent / at(8).nsPerEvent).toFixed(2)}x · at 64 CPUs, its waits alone on the generator loop would reach ${(ceiling * 100).toFixed(0)}% of the floor`);
	}
	lines.push('', `page-fault1 faults per simulated second: ${f.pageFault1.map(p => `${p.cpus} CPU${p.cpus > 1 ? 's' : ''} ${formatInt(p.faultsPerSimSec)}`).join(' · ')}`);
	lines.push('', 'slowdown against real time, page-fault1 at 64 CPUs (wall ns per simulated ns)');
	for (const s of f.slowdown) lines.push(`${s.scheme.padEnd(14)} ${s.slowdown.median.toFixed(1).padStart(7)}x ${formatSpread(s.slowdown)}`);
	return lines.join('\n');
}
