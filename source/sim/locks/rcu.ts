/**
 * RCU and SRCU domains. Readers mark themselves per CPU; a grace period that starts while
 * some CPUs are inside a read-side section ends only after each of them has left it, and
 * never before its minimum length. Callbacks queued during a grace period wait for the
 * next one.
 *
 * - RCU: read lock and unlock are free (CPU-local); the grace period lasts `rcuGpNs`.
 * - SRCU (the classic `kernel/srcu.c` of 2012-2017, which the 2014 SPF re-spin used): read
 *   lock and unlock each pay a full barrier; `call_srcu` queues under the domain's one
 *   `sp->queue_lock` and, if the work is idle, queues `process_srcu` on its CPU. That work
 *   runs once per jiffy (`srcuPollNs`, SRCU_INTERVAL) while anything is queued, each run
 *   costing scheduler work (`srcuPollCostNs`) on that CPU: it checks the readers (a grace
 *   period needs two checks, the two-phase index flip) and invokes at most
 *   SRCU_CALLBACK_BATCH callbacks (`srcuCallbackBatch`), so a stream of frees keeps it
 *   running and costs a run per batch of freed VMAs.
 */
import {BLOCK, type Step, type Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {SpinLock, spinLock, spinUnlock} from './spinlock.ts';

type Callback = () => void;

interface GracePeriod {
	readonly start: number;
	/** CPUs that were inside a read-side section when the period started. */
	readonly waitFor: Set<number>;
	readonly callbacks: Callback[];
	minimumReached: boolean;
	/** SRCU: reader checks made so far. */
	checks: number;
}

export class RcuDomain {
	private readonly nesting: Int32Array;
	private pending: Callback[] = [];
	private pendingCpu = 0;
	private gp: GracePeriod | null = null;
	/** SRCU: `sp->queue_lock`, taken by every `call_srcu`. */
	readonly queueLock: SpinLock | null;
	/** SRCU: `sp->running`, the `process_srcu` work is queued; and the CPU it runs on. */
	private running = false;
	private workCpu = 0;
	/** SRCU: callbacks whose grace period has ended, waiting for a `process_srcu` run. */
	private readonly done: Callback[] = [];
	/** Code sites of the read-side changes (`rcu_read_lock`, `srcu_read_unlock`...), for explored schedules. */
	private readonly lockSite: number;
	private readonly unlockSite: number;

	constructor(
		private readonly k: Kernel,
		readonly flavour: 'rcu' | 'srcu',
	) {
		this.nesting = new Int32Array(k.cpus.length);
		this.queueLock = flavour === 'srcu' ? new SpinLock(k, 'srcu_struct.queue_lock', false) : null;
		this.lockSite = k.engine.site(`${flavour}_read_lock`);
		this.unlockSite = k.engine.site(`${flavour}_read_unlock`);
	}

	/** SRCU: the CPU `process_srcu` runs on, where the callbacks it invokes are charged. */
	get workerCpu(): number {
		return this.workCpu;
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
		this.stallAfterAccess(cpu, this.lockSite);
	}

	exit(cpu: number): void {
		this.stallAfterAccess(cpu, this.unlockSite);
		const n = --this.nesting[cpu]!;
		if (n < 0) throw new Error(`${this.flavour} read unlock without lock on CPU ${cpu}`);
		const gp = this.gp;
		if (n === 0 && gp !== null && gp.waitFor.delete(cpu) && this.flavour === 'rcu' && gp.minimumReached && gp.waitFor.size === 0) {
			this.complete();
		}
	}

	/** A read-side change is a shared-state access too: an explored schedule may stall after it. */
	private stallAfterAccess(cpu: number, site: number): void {
		const k = this.k;
		k.engine.stolenNs[cpu]! += k.engine.access(cpu, site);
	}

	private startGracePeriod(): void {
		const k = this.k;
		const waitFor = new Set<number>();
		for (let cpu = 0; cpu < this.nesting.length; cpu++) if (this.nesting[cpu]! > 0) waitFor.add(cpu);
		this.gp = {start: k.now, waitFor, callbacks: this.pending, minimumReached: false, checks: 0};
		this.pending = [];
		if (this.flavour === 'rcu') {
			k.engine.timer(k.now + k.params.rcuGpNs, () => {
				this.gp!.minimumReached = true;
				if (this.gp!.waitFor.size === 0) this.complete();
			});
		} else if (!this.running) {
			// queue_delayed_work on the CPU that queued the first callback.
			this.running = true;
			this.workCpu = this.pendingCpu;
			this.processSrcu();
		}
	}

	/**
	 * SRCU's `process_srcu`, one jiffy after the last run: scheduler work on its CPU, a
	 * check of the readers, up to a batch of callbacks; then `srcu_reschedule` while
	 * anything is left.
	 */
	private processSrcu(): void {
		const k = this.k;
		k.engine.timer(k.now + k.params.srcuPollNs, () => {
			k.engine.stolenNs[this.workCpu]! += k.params.srcuPollCostNs;
			const gp = this.gp;
			if (gp !== null && ++gp.checks >= 2 && gp.waitFor.size === 0) this.complete();
			for (let i = 0; i < k.params.srcuCallbackBatch && this.done.length > 0; i++) this.done.shift()!();
			if (this.gp !== null || this.done.length > 0) this.processSrcu();
			else this.running = false;
		});
	}

	private complete(): void {
		const k = this.k;
		const gp = this.gp!;
		this.gp = null;
		k.emit({type: 'rcu-gp', t: k.now, cpu: -1, fn: this.flavour === 'rcu' ? 'rcu_gp_kthread' : 'srcu_gp_end', flavour: this.flavour, gpNs: k.now - gp.start, callbacks: gp.callbacks.length});
		if (this.flavour === 'rcu') for (const fn of gp.callbacks) fn();
		else for (const fn of gp.callbacks) this.done.push(fn);
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

/** `call_srcu`: queue `fn` under `sp->queue_lock`. Enter and return with nothing held. */
export function* callSrcu(k: Kernel, task: Task, fn: Callback): Step {
	const lock = k.srcu.queueLock!;
	yield* spinLock(k, task, lock, 'call_srcu');
	k.srcu.call(task.cpu, fn);
	yield* spinUnlock(k, task, lock, 'call_srcu');
}

/** `synchronize_rcu` / `synchronize_srcu`: sleeps for a full grace period. */
export function* synchronize(k: Kernel, task: Task, domain: RcuDomain): Step {
	domain.call(task.cpu, () => k.engine.wake(task));
	yield BLOCK;
}
