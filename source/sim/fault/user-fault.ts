/** The page-fault exception as a thread sees it: entry, the scheme's handler, return. */
import {call, type Step, type Task} from '../engine.ts';
import type {FaultOutcome} from '../events.ts';
import type {Kernel} from '../kernel.ts';
import type {Mm} from '../mm/mm.ts';
import {createVmf, VM_FAULT_RETRY, VM_FAULT_SIGSEGV} from './vmf.ts';

export function* userFault(k: Kernel, task: Task, mm: Mm, addr: number, write: boolean): Step<FaultOutcome> {
	const t0 = k.now;
	k.emit({type: 'fault-start', t: t0, cpu: task.cpu, fn: 'do_user_addr_fault', mm: mm.id, addr, write});
	const vmf = createVmf(task, mm, addr, write);
	yield k.cost(k.params.faultEntryNs);
	const fault = yield* call(k.scheme.doUserAddrFault(k, vmf));
	yield k.cost(k.params.faultExitNs);
	const outcome: FaultOutcome = fault & VM_FAULT_SIGSEGV ? 'sigsegv' : fault & VM_FAULT_RETRY ? 'retry' : 'ok';
	k.emit({type: 'fault-end', t: k.now, cpu: task.cpu, fn: 'do_user_addr_fault', mm: mm.id, addr, outcome, path: vmf.path, kind: vmf.kind, latencyNs: k.now - t0});
	return outcome;
}
