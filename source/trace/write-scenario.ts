/**
 * The scenario file an imported trace becomes: one process per real mm, one simulated thread
 * per real thread (folded onto the CPUs), the mappings the trace shows, and per-thread
 * programs replaying its faults and mapping calls. The header says what was captured and
 * what the replay approximates.
 */
import {maxCpus} from '../sim/config.ts';
import {foldThreads} from './fold-threads.ts';
import {inferRegions} from './infer-regions.ts';
import type {ReadStats} from './read-perf-script.ts';
import type {Region} from './regions.ts';
import {minThinkNs, replaySteps} from './replay-steps.ts';
import type {Entry, ProcessTrace, ThreadTrace, TraceModel} from './trace-model.ts';

export interface ScenarioInfo {
	readonly name: string;
	readonly traceFile: string;
	/** `# key: value` lines at the top of the trace (what `spf-top trace` or `perf script --header` wrote). */
	readonly meta: ReadonlyMap<string, string>;
	readonly stats: ReadStats;
	/** Simulated CPUs; the real thread count when undefined. */
	readonly cpus: number | undefined;
}

interface Slot {
	readonly threads: ThreadTrace[];
	entries: Entry[];
}

/** The scenario text and the CPU count it asks for. */
export function writeScenario(model: TraceModel, info: ScenarioInfo): {text: string; cpus: number} {
	const processes = [...model.processes.values()].filter(p => [...p.threads.values()].some(t => t.entries.length > 0));
	if (processes.length === 0) throw new Error(`${info.traceFile}: no fault or mapping call in the window: nothing to replay`);
	for (const process of processes) {
		const placed = inferRegions(process, () => model.nextRegionName());
		if (placed > 0) model.approximate(`faults outside every traced mapping: ${placed}, replayed in regions inferred from their addresses (heap, stack, older mappings)`);
	}
	const counts = processes.map(p => [...p.threads.values()].filter(t => t.entries.length > 0).length);
	const total = counts.reduce((a, b) => a + b, 0);
	const cpus = info.cpus ?? Math.min(maxCpus, total);
	const slotCounts = foldThreads(counts, cpus);
	const startNs = model.windowStartNs ?? 0;
	const faults = processes.flatMap(p => [...p.threads.values()]).reduce((n, t) => n + t.entries.filter(e => e.kind === 'fault').length, 0);
	const lines = [...header(model, info, processes, faults, total, cpus), ''];
	lines.push(`name: ${info.name}`, 'description: >-', `  ${info.name}: ${total} real threads' ${faults} faults and ${model.entries - faults} mapping calls, replayed from a perf trace of ${command(info, 60)}.`, `cpus: ${cpus}`);
	// The real span and a tenth more: thinks replay the real gaps, the simulated faults and
	// calls take their own time, so faults per second compare with the real run's.
	lines.push(`duration: ${Math.max(1_000_000, Math.ceil(1.1 * (model.windowEndNs - startNs)))}ns`, '', 'processes:');
	for (const [i, process] of processes.entries()) {
		const slots = fold(process, slotCounts[i]!, model);
		lines.push(`  - name: ${safeName(process.comm)}_${process.key}`, `    threads: ${slots.length}`);
		const mappings = process.regions.filter(r => r.origin !== 'mmap');
		if (mappings.length > 0) lines.push('    mappings:', ...mappings.map(r => `      - {name: ${r.name}, size: ${r.size / 1024}KiB, kind: ${r.file ? 'file' : 'anon'}, shared: ${r.shared}, prot: ${r.prot}}  # ${r.label} at 0x${r.base.toString(16)}`));
		lines.push('    thread_programs:');
		for (const [index, slot] of slots.entries()) {
			const steps = replaySteps(slot.entries, startNs);
			lines.push(`      - thread: ${index}  # ${slot.threads.map(t => `tid ${t.tid} (${t.comm}) on CPU ${[...t.cpus].join(',')}`).join('; ')}`, '        program:');
			lines.push(...(steps.length > 0 ? steps : [`think: ${minThinkNs}ns`]).map(s => `          - ${s}`));
		}
	}
	lines.push('', 'expect:', '  violations: 0', '');
	return {text: lines.join('\n'), cpus};
}

// Real threads round-robin onto the process's simulated threads; a munmap, mprotect or
// madvise of a region another simulated thread mmaps moves to that thread (a step may only
// name regions its own program mapped).
function fold(process: ProcessTrace, count: number, model: TraceModel): Slot[] {
	const threads = [...process.threads.values()].filter(t => t.entries.length > 0);
	const slots: Slot[] = Array.from({length: count}, () => ({threads: [], entries: []}));
	const slotOf = new Map<number, Slot>();
	for (const [i, thread] of threads.entries()) {
		const slot = slots[i % count]!;
		slot.threads.push(thread);
		slotOf.set(thread.tid, slot);
	}
	for (const thread of threads) {
		for (const entry of thread.entries) {
			const owner = entry.kind === 'fault' || entry.kind === 'mmap' ? undefined : mapperSlot(entry.region, slotOf);
			const slot = owner ?? slotOf.get(thread.tid)!;
			if (owner !== undefined && owner !== slotOf.get(thread.tid)) model.approximate('munmap/mprotect/madvise of another thread\'s mapping: run by the thread that mapped it');
			slot.entries.push(entry);
		}
	}
	for (const slot of slots) slot.entries.sort((a, b) => a.ns - b.ns);
	return slots;
}

function mapperSlot(region: Region, slotOf: ReadonlyMap<number, Slot>): Slot | undefined {
	return region.mapper === null ? undefined : slotOf.get(region.mapper);
}

function header(model: TraceModel, info: ScenarioInfo, processes: readonly ProcessTrace[], faults: number, threads: number, cpus: number): string[] {
	const {meta, stats} = info;
	const span = model.windowEndNs - (model.windowStartNs ?? 0);
	const unknown = [...stats.unknown].map(([name, n]) => `${name} ×${n}`).join(', ');
	const lines = [
		`${info.name}: ${command(info)}, replayed from a real perf trace`,
		'',
		`Captured: ${meta.get('captured') ?? 'when: not recorded in the trace'}; kernel ${kernel(meta)}; ${meta.get('cpus') ?? meta.get('nrcpus avail') ?? '?'} CPUs; by ${meta.has('spf-top-trace') ? '`spf-top trace`' : 'perf record (outside spf-top)'}.`,
		`Trace:    ${info.traceFile}: ${stats.lines} lines, ${stats.events} events read${unknown ? `; skipped unknown: ${unknown}` : ''}${stats.cutLine ? `; last line ${stats.cutLine} cut short, skipped` : ''}.`,
		`Window:   ${(span / 1e6).toFixed(3)} ms of real time${model.cut ? `, ended early by ${model.cut}` : ''}; ${faults} faults, ${model.entries - faults} mapping calls.`,
		`Threads:  ${processes.length} process(es), ${threads} real thread(s) on ${cpus} simulated CPU(s), one thread per CPU.`,
		'Approximated:',
		'  - think steps are the real gaps between events; they include the real kernel\'s own fault and syscall time.',
		'  - regions are placed where the simulator maps them; each replayed page keeps its offset in its region.',
		'  - a thread runs on its own simulated CPU, not on the CPU numbers the trace shows (listed per thread).',
		...[...model.approximations].map(([what, n]) => `  - ${what} (×${n})`),
		'Expect:   no invariant violations. Compare the schemes with `spf-top compare` on this file.',
	];
	return lines.map(line => (line === '' ? '#' : `# ${line}`));
}

function command(info: ScenarioInfo, most = Number.POSITIVE_INFINITY): string {
	const cmd = info.meta.get('command');
	return cmd ? `\`${cmd.length > most ? `${cmd.slice(0, most - 1)}…` : cmd}\`` : `the workload in ${info.traceFile}`;
}

/** The recording kernel as the trace's header states it. */
export function kernel(meta: ReadonlyMap<string, string>): string {
	return meta.get('kernel') ?? meta.get('os release') ?? 'unknown';
}

function safeName(comm: string): string {
	return comm.replaceAll(/[^\w.-]/g, '_') || 'task';
}
