/**
 * TLB shootdown (`flush_tlb_mm_range` → `smp_call_function_many`): flush locally, IPI
 * every other CPU running the mm and wait for each to acknowledge. A CPU with interrupts
 * disabled acknowledges only when it enables them again (`local_irq_enable`), which is
 * why a speculative path must never spin on the PTL with interrupts off.
 */
import {BLOCK, type Step, type Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import type {Mm} from './mm.ts';

export function* flushTlbMm(k: Kernel, task: Task, mm: Mm, fn: string): Step {
	const t0 = k.now;
	yield k.cost(k.params.tlbFlushNs);
	let targets = 0;
	let pending = 0;
	let waiting = false;
	for (const cpu of mm.cpus) {
		if (cpu === task.cpu) continue;
		targets++;
		// A CPU away on an explored stall handles the IPI there, as a preempted one would.
		if (!k.engine.isAway(cpu)) k.engine.stolenNs[cpu]! += k.params.ipiHandleNs;
		const state = k.cpus[cpu]!;
		if (state.irqsOff) {
			pending++;
			state.ipiWaiters.push(() => {
				if (--pending === 0 && waiting) k.engine.wake(task);
			});
		}
	}
	if (targets === 0) return;
	yield k.params.ipiSendNs + k.params.ipiHandleNs;
	if (pending > 0) {
		waiting = true;
		yield BLOCK;
	}
	k.emit({type: 'tlb-shootdown', t: k.now, cpu: task.cpu, fn, mm: mm.id, targets, latencyNs: k.now - t0});
}

/** `local_irq_disable`. */
export function localIrqDisable(k: Kernel, task: Task): void {
	k.cpus[task.cpu]!.irqsOff = true;
}

/** `local_irq_enable`: pending IPIs are taken now, and an explored schedule's held stall. */
export function localIrqEnable(k: Kernel, task: Task): void {
	const state = k.cpus[task.cpu]!;
	state.irqsOff = false;
	k.engine.irqsEnabled(task.cpu);
	const waiters = state.ipiWaiters.splice(0);
	for (const ack of waiters) ack();
}
