/**
 * RCU and SRCU domains. Readers mark themselves per CPU; a grace period that starts while
 * some CPUs are inside a read-side section ends only after each of them has left it, and
 * never before its minimum length. Callbacks queued during a grace period wait for the
 * next one.
 *
 * - RCU: read lock and unlock are free (CPU-local); the grace period lasts `rcuGpNs`.
 * - SRCU: read lock and unlock each pay a full barrier; the grace period is detected by
 *   polling the readers once per jiffy (`srcuPollNs`), at least twice (the two-phase
 *   index flip), and each poll costs scheduler work on the CPU that asked for it.
 */
import {BLOCK, type Step, type Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';

type Callback = () => void;

interface GracePeriod {
	readonly start: number;
	/** CPUs that were inside a read-side section when the period started. */
	readonly waitFor: Set<number>;
	readonly callbacks: Callback[];
	/** CPU charged for polling (SRCU). */
	readonly cpu: number;
	minimumReached: boolean;
}

export class RcuDomain {
	private readonly nesting: Int32Array;
	private pending: Callback[] = [];
	private pendingCpu = 0;
	private gp: GracePeriod | null = null;

	constructor(
		private readonly k: Kernel,
		readonly flavour: 'rcu' | 'srcu',
	) {
		this.nesting = new Int32Array(k.cpus.length);
	}

	/** True while `cpu` is inside a read-side critical section. */
	reading(cpu: number): boolean {
		return this.nesting[cpu]! > 0;
	}

	/** Queues `fn` to run after a full grace period (`call_rcu` / `call_srcu`). */
	call(cpu: number, fn: Callback): void {
		this.pending.push(fn);
		this.pendingCpu = cpu;
		if (this.gp === null) this.startGracePeriod();
	}

	enter(cpu: number): void {
		this.nesting[cpu]!++;
		this.stallAfterAccess(cpu);
	}

	exit(cpu: number): void {
		this.stallAfterAccess(cpu);
		const n = --this.nesting[cpu]!;
		if (n < 0) throw new Error(`${this.flavour} read unlock without lock on CPU ${cpu}`);
		const gp = this.gp;
		if (n === 0 && gp !== null && gp.waitFor.delete(cpu) && this.flavour === 'rcu' && gp.minimumReached && gp.waitFor.size === 0) {
			this.complete();
		}
	}

	/** A read-side change is a shared-state access too: an explored schedule may stall after it. */
	private stallAfterAccess(cpu: number): void {
		const k = this.k;
		k.engine.stolenNs[cpu]! += k.engine.access(cpu);
	}

	private startGracePeriod(): void {
		const k = this.k;
		const waitFor = new Set<number>();
		for (let cpu = 0; cpu < this.nesting.length; cpu++) if (this.nesting[cpu]! > 0) waitFor.add(cpu);
		this.gp = {start: k.now, waitFor, callbacks: this.pending, cpu: this.pendingCpu, minimumReached: false};
		this.pending = [];
		if (this.flavour === 'rcu') {
			k.engine.timer(k.now + k.params.rcuGpNs, () => {
				this.gp!.minimumReached = true;
				if (this.gp!.waitFor.size === 0) this.complete();
			});
		} else {
			this.poll(1);
		}
	}

	/** SRCU's once-a-jiffy check of the readers. */
	private poll(round: number): void {
		const k = this.k;
		k.engine.timer(k.now + k.params.srcuPollNs, () => {
			const gp = this.gp!;
			k.engine.stolenNs[gp.cpu]! += k.params.srcuPollCostNs;
			if (round >= 2 && gp.waitFor.size === 0) this.complete();
			else this.poll(round + 1);
		});
	}

	private complete(): void {
		const k = this.k;
		const gp = this.gp!;
		this.gp = null;
		k.emit({type: 'rcu-gp', t: k.now, cpu: -1, fn: this.flavour === 'rcu' ? 'rcu_gp_kthread' : 'srcu_gp_end', flavour: this.flavour, gpNs: k.now - gp.start, callbacks: gp.callbacks.length});
		for (const fn of gp.callbacks) fn();
		if (this.pending.length > 0) this.startGracePeriod();
	}
}

/** `rcu_read_lock`: free. */
export function rcuReadLock(k: Kernel, task: Task): void {
	k.rcu.enter(task.cpu);
}

/** `rcu_read_unlock`: free. */
export function rcuReadUnlock(k: Kernel, task: Task): void {
	k.rcu.exit(task.cpu);
}

/** `srcu_read_lock`: a full memory barrier. */
export function* srcuReadLock(k: Kernel, task: Task): Step {
	k.srcu.enter(task.cpu);
	yield k.params.smpMbNs;
}

/** `srcu_read_unlock`: a full memory barrier. */
export function* srcuReadUnlock(k: Kernel, task: Task): Step {
	yield k.params.smpMbNs;
	k.srcu.exit(task.cpu);
}

/** `synchronize_rcu` / `synchronize_srcu`: sleeps for a full grace period. */
export function* synchronize(k: Kernel, task: Task, domain: RcuDomain): Step {
	domain.call(task.cpu, () => k.engine.wake(task));
	yield BLOCK;
}
