/**
 * Sockets × cores × SMT threads: where each CPU sits decides the price of a line transfer.
 *
 * Numbering is Linux's on Intel servers: the first thread of every core comes first, socket 0's
 * cores then socket 1's, and the second threads follow in the same order, so the sibling of
 * CPU n is n + cores (the BIOS/ACPI MADT lists one thread per core before any second thread, and
 * Linux numbers CPUs in that order: `lscpu -e` on a 2 × 16-core Xeon shows CPU 0 and 32 on core 0).
 * `taskset -c 0-N` in will-it-scale and LKP runs therefore fills socket 0's cores first, then
 * socket 1's, and uses hyperthreads only past the physical cores: the CPUs a thread count of N
 * gets here.
 */
export class Topology {
	readonly socketOf: Uint16Array;
	/** Physical core (machine-wide) of each CPU. */
	readonly coreOf: Uint16Array;
	/** SMT thread of each CPU within its core (0 = the first). */
	readonly threadOf: Uint8Array;

	/**
	 * `cores` physical cores spread over `sockets` in contiguous blocks (every socket gets cores
	 * even when the count does not divide evenly), `threadsPerCore` CPUs each.
	 */
	constructor(
		readonly cpus: number,
		readonly sockets: number,
		readonly threadsPerCore = 1,
		readonly cores = Math.ceil(cpus / threadsPerCore),
	) {
		if (cpus > cores * threadsPerCore) throw new Error(`${cpus} CPUs do not fit ${cores} cores × ${threadsPerCore} threads`);
		this.socketOf = new Uint16Array(cpus);
		this.coreOf = new Uint16Array(cpus);
		this.threadOf = new Uint8Array(cpus);
		for (let cpu = 0; cpu < cpus; cpu++) {
			const core = cpu % cores;
			this.coreOf[cpu] = core;
			this.threadOf[cpu] = Math.floor(cpu / cores);
			this.socketOf[cpu] = Math.floor((core * sockets) / cores);
		}
	}

	/** The other CPUs on `cpu`'s core (its SMT siblings) that this machine has. */
	siblingsOf(cpu: number): number[] {
		const core = this.coreOf[cpu]!;
		const siblings: number[] = [];
		for (let t = 0; t < this.threadsPerCore; t++) {
			const other = core + t * this.cores;
			if (other !== cpu && other < this.cpus) siblings.push(other);
		}
		return siblings;
	}
}
