/**
 * The simulator's public face: build a machine from a resolved config, advance it in
 * slices, take its events in batches, inject changes. Same config, same sequence of
 * `advance` and `inject` calls: the same events, byte for byte.
 */
import {Barrier} from './barrier.ts';
import type {MachineConfig} from './config.ts';
import type {Injection, SimEvent} from './events.ts';
import {Kernel} from './kernel.ts';
import {Topology} from './topology.ts';
import {RcuDomain} from './locks/rcu.ts';
import {Mem} from './mem/mem.ts';
import {Checker} from './checker.ts';
import {Mm} from './mm/mm.ts';
import {createVma, pageAlign} from './mm/mmap.ts';
import {FileObject, protToFlags} from './mm/vma.ts';
import {schemeById} from './schemes/index.ts';
import type {Scheme} from './schemes/scheme.ts';
import {RunQueue} from './runqueue.ts';
import {ScheduledStalls, type Schedule} from './schedule.ts';
import {runThread, SimThread} from './thread.ts';

export class Simulator {
	readonly k: Kernel;
	readonly scheme: Scheme;
	readonly mms: Mm[] = [];
	readonly threads: SimThread[] = [];
	private readonly files = new Map<string, FileObject>();
	private clock = 0;

	constructor(readonly config: MachineConfig) {
		const scheme = schemeById(config.scheme);
		if (config.breakVariant !== null && !scheme.breaks.includes(config.breakVariant)) {
			throw new Error(`scheme ${scheme.id} has no protection "${config.breakVariant}" to break (it has: ${scheme.breaks.join(', ') || 'none'})`);
		}
		const k = new Kernel(config.params, new Topology(config.cpus, config.sockets, config.threadsPerCore, config.cores), config.seed, config.breakVariant);
		k.scheme = scheme;
		k.checker = new Checker(k);
		k.rcu = new RcuDomain(k, 'rcu');
		k.srcu = new RcuDomain(k, 'srcu');
		k.mem = new Mem(k, config.memcg);
		this.k = k;
		this.scheme = scheme;
		const fileFor = (name: string): FileObject => {
			let file = this.files.get(name);
			if (!file) this.files.set(name, (file = new FileObject(this.files.size + 1, name)));
			return file;
		};
		const runqueues = sharedCpus(config);
		for (const proc of config.processes) {
			const mm = new Mm(k, proc.mm, proc.name, config.processes.length > 1);
			scheme.initMm(k, mm);
			this.mms.push(mm);
			// Regions mapped before the threads start cost nothing and happen at t=0.
			for (const m of proc.mappings) {
				const size = pageAlign(m.size);
				const vma = createVma(k, mm, mm.getUnmappedArea(size), size, {size, flags: protToFlags(m.prot, m.shared), file: m.file ? fileFor(m.name) : null}, -1);
				mm.insertVma(vma);
				mm.named.set(m.name, {start: vma.start, end: vma.end});
			}
			const barrier = new Barrier(proc.threads.length);
			for (const t of proc.threads) {
				if (!mm.cpus.includes(t.cpu)) mm.cpus.push(t.cpu);
				mm.users++;
				const thread = new SimThread(t.cpu, t.index, proc.threads.length, mm, t.program, barrier, fileFor);
				thread.runqueue = runqueues.get(t.cpu) ?? null;
				thread.task = k.engine.spawn(t.cpu, `${proc.name}/${t.index}`, runThread(k, thread));
				this.threads.push(thread);
			}
		}
	}

	/** From now on, emit the `step` events a race diagram draws (`explain`): twice a plain run's events. */
	traceSteps(): void {
		this.k.checker.tracing = true;
	}

	/**
	 * Runs the rest of the machine under an explored schedule (`explore`, `--schedule`);
	 * the hook it returns counts every CPU's shared-state accesses, and with `trace` records
	 * the code site of each (`siteNames` names them).
	 */
	perturb(schedule: Schedule, trace = false): ScheduledStalls {
		const stalls = new ScheduledStalls(schedule, this.cpus, cpu => this.k.cpus[cpu]!.irqsOff, trace);
		this.k.engine.schedule = stalls;
		return stalls;
	}

	/** The code sites of shared-state accesses so far, by number (`Engine.site`). */
	get siteNames(): readonly string[] {
		return this.k.engine.siteNames;
	}

	get cpus(): number {
		return this.config.cpus;
	}

	/** Simulated time reached, ns. */
	get now(): number {
		return this.clock;
	}

	get violations(): number {
		return this.k.checker.violations;
	}

	/**
	 * Runs until `untilNs`, or stops early (at a whole nanosecond) once about
	 * `maxEvents` events are waiting, and returns the events in time order.
	 */
	advance(untilNs: number, maxEvents = Number.POSITIVE_INFINITY): SimEvent[] {
		const k = this.k;
		let early = false;
		k.engine.run(untilNs, () => (early = k.events.length >= maxEvents));
		this.clock = early ? k.engine.now : Math.max(this.clock, untilNs);
		k.engine.now = this.clock;
		const events = k.events;
		k.events = [];
		return events;
	}

	/**
	 * Applies an injection at the current simulated time: an `inject` event now, then the
	 * work is queued for the mm's first thread (all its threads for a fault storm), which
	 * takes it at its next page or step.
	 */
	inject(injection: Injection): void {
		const k = this.k;
		const threads = this.threads.filter(t => t.mm.id === injection.mm);
		if (threads.length === 0) throw new Error(`inject ${injection.kind}: no process with mm ${injection.mm}`);
		k.emit({type: 'inject', t: k.now, cpu: threads[0]!.cpu, fn: 'inject', injection});
		switch (injection.kind) {
			case 'mmap':
				threads[0]!.give(k, {kind: 'mmap', size: injection.size, flags: protToFlags('rw', injection.shared), file: injection.file ? new FileObject(1000 + k.nextVmaId, 'injected') : null});
				break;
			case 'munmap':
			case 'mprotect':
				threads[0]!.give(k, {kind: injection.kind, vma: injection.vma});
				break;
			case 'fault-storm':
				for (const t of threads) t.give(k, {kind: 'fault-storm', vma: injection.vma, until: k.now + injection.durationNs});
				break;
		}
	}
}

/** A run queue for each CPU more than one thread is pinned to. */
function sharedCpus(config: MachineConfig): Map<number, RunQueue> {
	const threads = new Map<number, number>();
	for (const proc of config.processes) for (const t of proc.threads) threads.set(t.cpu, (threads.get(t.cpu) ?? 0) + 1);
	return new Map([...threads].filter(([, n]) => n > 1).map(([cpu]) => [cpu, new RunQueue()]));
}
