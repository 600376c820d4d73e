/**
 * The scenario file an imported trace becomes: one process per real mm, one simulated thread
 * per real thread, pinned to the CPU the trace shows it on (folded onto the CPUs there are),
 * the mappings the trace shows, and per-thread programs replaying its faults and mapping
 * calls. The header says what was captured and what the replay approximates.
 */
import {maxCpus} from '../sim/config.ts';
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
	/** Simulated CPUs; the trace's CPU count when undefined. */
	readonly cpus: number | undefined;
	/** Regions known only from the /proc/PID/maps the trace stored. */
	readonly fromMaps: readonly Region[];
}

interface Slot {
	readonly thread: ThreadTrace;
	readonly entries: Entry[];
}

/** The scenario text and the CPU count it asks for. */
export function writeScenario(model: TraceModel, info: ScenarioInfo): {text: string; cpus: number} {
	const processes = [...model.processes.values()].filter(p => [...p.threads.values()].some(t => t.entries.length > 0));
	if (processes.length === 0) throw new Error(`${info.traceFile}: no fault or mapping call in the window: nothing to replay`);
	for (const process of processes) {
		const placed = inferRegions(process, () => model.nextRegionName());
		if (placed > 0) model.approximate(`faults outside every traced mapping: ${placed}, replayed in regions inferred from their addresses (heap, stack, older mappings)`);
	}
	const total = processes.reduce((n, p) => n + [...p.threads.values()].filter(t => t.entries.length > 0).length, 0);
	const traceCpus = traceCpuCount(info.meta, processes);
	const cpus = info.cpus ?? Math.min(maxCpus, traceCpus);
	const startNs = model.windowStartNs ?? 0;
	const faults = processes.flatMap(p => [...p.threads.values()]).reduce((n, t) => n + t.entries.filter(e => e.kind === 'fault').length, 0);
	const lines = [...header(model, info, processes, faults, total, cpus, traceCpus), ''];
	lines.push(`name: ${info.name}`, 'description: >-', `  ${info.name}: ${total} real threads' ${faults} faults and ${model.entries - faults} mapping calls, replayed from a perf trace of ${command(info, 60)}.`, `cpus: ${cpus}`);
	// The real span and a tenth more: thinks replay the real gaps, the simulated faults and
	// calls take their own time, so faults per second compare with the real run's.
	lines.push(`duration: ${Math.max(1_000_000, Math.ceil(1.1 * (model.windowEndNs - startNs)))}ns`, '', 'processes:');
	for (const process of processes) {
		const slots = ownSlots(process, model);
		lines.push(`  - name: ${safeName(process.comm)}_${process.key}`, `    threads: ${slots.length}`);
		const mappings = process.regions.filter(r => r.origin !== 'mmap');
		if (mappings.length > 0) lines.push('    mappings:', ...mappings.map(r => `      - {name: ${r.name}, size: ${r.size / 1024}KiB, kind: ${r.file ? 'file' : 'anon'}, shared: ${r.shared}, prot: ${r.prot}}  # ${r.label} at 0x${r.base.toString(16)}`));
		lines.push('    thread_programs:');
		for (const [index, slot] of slots.entries()) {
			const steps = replaySteps(slot.entries, startNs);
			const {thread} = slot;
			lines.push(`      - thread: ${index}  # tid ${thread.tid} (${thread.comm}), events on CPU ${[...thread.cpus].map(([cpu, n]) => `${cpu} ×${n}`).join(', ')}`, `        cpu: ${homeCpu(thread) % cpus}`, '        program:');
			lines.push(...(steps.length > 0 ? steps : [`think: ${minThinkNs}ns`]).map(s => `          - ${s}`));
		}
	}
	lines.push('', 'expect:', '  violations: 0', '');
	return {text: lines.join('\n'), cpus};
}

// One simulated thread per real one; a munmap, mprotect or madvise of a region another
// thread mmaps moves to that thread (a step may only name regions its own program mapped).
function ownSlots(process: ProcessTrace, model: TraceModel): Slot[] {
	const threads = [...process.threads.values()].filter(t => t.entries.length > 0);
	const slots: Slot[] = threads.map(thread => ({thread, entries: []}));
	const slotOf = new Map(slots.map(slot => [slot.thread.tid, slot]));
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

/** The CPU a thread's events were on most (the lowest on a tie): where it is pinned. */
function homeCpu(thread: ThreadTrace): number {
	let best = 0;
	let most = -1;
	for (const [cpu, n] of thread.cpus) {
		if (n > most || (n === most && cpu < best)) [best, most] = [cpu, n];
	}
	return best;
}

/** CPUs of the recording machine: as the header says, else one past the highest CPU an event was on. */
function traceCpuCount(meta: ReadonlyMap<string, string>, processes: readonly ProcessTrace[]): number {
	const stated = Number(meta.get('cpus') ?? meta.get('nrcpus avail'));
	if (Number.isInteger(stated) && stated >= 1) return stated;
	let highest = 0;
	for (const process of processes) for (const thread of process.threads.values()) for (const cpu of thread.cpus.keys()) highest = Math.max(highest, cpu);
	return highest + 1;
}

function mapperSlot(region: Region, slotOf: ReadonlyMap<number, Slot>): Slot | undefined {
	return region.mapper === null ? undefined : slotOf.get(region.mapper);
}

function header(model: TraceModel, info: ScenarioInfo, processes: readonly ProcessTrace[], faults: number, threads: number, cpus: number, traceCpus: number): string[] {
	const {meta, stats} = info;
	const span = model.windowEndNs - (model.windowStartNs ?? 0);
	const unknown = [...stats.unknown].map(([name, n]) => `${name} ×${n}`).join(', ');
	const lines = [
		`${info.name}: ${command(info)}, replayed from a real perf trace`,
		'',
		`Captured: ${meta.get('captured') ?? 'when: not recorded in the trace'}; kernel ${kernel(meta)}; ${meta.get('cpus') ?? meta.get('nrcpus avail') ?? '?'} CPUs; by ${meta.has('spf-top-trace') ? '`spf-top trace`' : 'perf record (outside spf-top)'}.`,
		`Trace:    ${info.traceFile}: ${stats.lines} lines, ${stats.events} events read${unknown ? `; skipped unknown: ${unknown}` : ''}${stats.cutLine ? `; last line ${stats.cutLine} cut short, skipped` : ''}.`,
		`Window:   ${(span / 1e6).toFixed(3)} ms of real time${model.cut ? `, ended early by ${model.cut}` : ''}; ${faults} faults, ${model.entries - faults} mapping calls.`,
		`Maps:     ${mapsLine(info)}`,
		`Threads:  ${processes.length} process(es), ${threads} real thread(s) on ${cpus} simulated CPU(s), each pinned to the CPU the trace shows it on most${traceCpus > cpus ? ` (of ${traceCpus}, folded: CPU mod ${cpus})` : ''}; threads pinned to one CPU take turns on it.`,
		'Approximated:',
		'  - think steps are the real gaps between events; they include the real kernel\'s own fault and syscall time.',
		'  - regions are placed where the simulator maps them; each replayed page keeps its offset in its region,',
		'    a partial munmap, mprotect or madvise its range (offset, size), a mapping placed right above another `next_to` it.',
		'  - a thread that moved between CPUs stays on its main one; threads sharing a CPU take turns at each step, without time slices.',
		...[...model.approximations].map(([what, n]) => `  - ${what} (×${n})`),
		'Expect:   no invariant violations. Compare the schemes with `spf-top compare` on this file.',
	];
	return lines.map(line => (line === '' ? '#' : `# ${line}`));
}

function mapsLine({stats, fromMaps}: ScenarioInfo): string {
	if (stats.maps.length === 0) return 'no /proc/PID/maps in the trace; mappings made before it are known from perf\'s records and the faults.';
	const named = fromMaps.slice(0, 8).map(r => `${r.name} ${r.label.replace(/, from .*$/, '')}`).join(', ');
	return `/proc/PID/maps at exec, ${stats.maps.length} lines; known from it alone: ${fromMaps.length === 0 ? 'none' : `${fromMaps.length} (${named}${fromMaps.length > 8 ? ', …' : ''})`}.`;
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
