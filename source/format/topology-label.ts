/** Where a run's CPUs sit, in a few words for the header and the summary line. */
import type {MachineConfig} from '../sim/config.ts';

type Shape = Pick<MachineConfig, 'cpus' | 'machine' | 'sockets' | 'cores' | 'threadsPerCore'>;

/**
 * `8 CPUs on socket 0 of 2 · xeon-gold-6130-2s`; `64 CPUs on sockets 0-1 of 2, cpu n+32 is n's
 * SMT sibling · …` once the CPUs run past the physical cores.
 */
export function topologyLabel(m: Shape): string {
	// CPUs 0 up take cores 0 up first; core c sits on socket floor(c × sockets / cores) (Topology).
	const lastSocket = Math.floor(((Math.min(m.cpus, m.cores) - 1) * m.sockets) / m.cores);
	const where = lastSocket === 0 ? 'socket 0' : `sockets 0-${lastSocket}`;
	const smt = m.cpus > m.cores ? `, cpu n+${m.cores} is n's SMT sibling` : '';
	return `${m.cpus} CPU${m.cpus > 1 ? 's' : ''} on ${where} of ${m.sockets}${smt} · ${m.machine}`;
}
