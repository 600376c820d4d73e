/**
 * The socket/core/thread shape of a run: a machine preset's, changed by `--sockets`,
 * `--threads-per-core` (scenario `sockets:`, `smt:`) and by a CPU count the preset lacks.
 */
import {maxSockets} from './config.ts';
import type {MachinePreset} from './machines.ts';

export interface MachineShape {
	readonly sockets: number;
	/** Physical cores, machine-wide (see Topology). */
	readonly cores: number;
	readonly threadsPerCore: number;
}

/**
 * With the preset's sockets, CPU 0 up fill socket 0's cores first, as `taskset` sees a real
 * machine. More CPUs than the preset has add sockets of the same part rather than fail: sweeps
 * and the dashboard go to 256 CPUs and beyond on every machine, and a bigger box of the same
 * part is the honest reading of "this part, N CPUs". An explicit socket count keeps the meaning
 * `--sockets` always had: the CPUs are spread over that many sockets (hyperthreads only once
 * the physical cores run out).
 */
export function machineShape(preset: MachinePreset, cpus: number, sockets?: number, threadsPerCore?: number): MachineShape {
	const threads = threadsPerCore ?? preset.threadsPerCore;
	const perSocket = preset.coresPerSocket * threads;
	if (sockets === undefined) {
		const needed = Math.max(preset.sockets, Math.ceil(cpus / perSocket));
		if (needed > maxSockets) throw new Error(`machine ${preset.name} has ${perSocket} CPUs a socket: ${cpus} CPUs need ${needed} sockets, more than ${maxSockets}; use a larger --machine or --sockets`);
		return {sockets: needed, cores: needed * preset.coresPerSocket, threadsPerCore: threads};
	}
	const coresPerSocket = Math.max(preset.coresPerSocket, Math.ceil(cpus / (sockets * threads)));
	return {sockets, cores: Math.min(sockets * coresPerSocket, cpus), threadsPerCore: threads};
}
