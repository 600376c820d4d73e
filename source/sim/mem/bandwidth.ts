/**
 * Memory bandwidth per socket: `clear_page` and `copy_page` stream whole pages through the
 * memory controller of the CPU's socket (its NUMA node, where the page is allocated), and
 * the channels of one socket move at most `socketBandwidthMBps`. One rule for every page
 * operation: the socket's channels are a FIFO of bytes, each operation holds them for
 * `bytes / bandwidth`, and it completes when both the CPU's own work (`cpuNs`) and its
 * turn on the channels are done. An idle machine pays only `cpuNs`; many CPUs clearing at
 * once queue on their socket, so no run can clear or copy faster than the sockets allow.
 */
import type {Params} from '../params.ts';
import type {Topology} from '../topology.ts';

export class MemoryBandwidth {
	/** Per socket, the time its channels have finished every transfer queued so far (fractional ns). */
	private readonly freeAt: Float64Array;
	/** Per socket, bytes moved (the bandwidth a run reached is this over its time). */
	readonly bytes: Float64Array;
	/** Per socket, the id its waits are reported under. */
	readonly ids: readonly string[];
	private readonly nsPerByte: number;

	constructor(
		params: Params,
		private readonly topology: Topology,
	) {
		this.freeAt = new Float64Array(topology.sockets);
		this.bytes = new Float64Array(topology.sockets);
		this.ids = Array.from({length: topology.sockets}, (_, node) => `membw@node${node}`);
		// MB/s is bytes per µs: 1000 / MBps ns per byte.
		this.nsPerByte = 1000 / params.socketBandwidthMBps;
	}

	/**
	 * `bytes` of page traffic by `cpu` starting at `now`, with `cpuNs` of the CPU's own work:
	 * returns the ns until it completes (at least `cpuNs`, rounded up to whole ns).
	 */
	transfer(cpu: number, now: number, bytes: number, cpuNs: number): number {
		const socket = this.topology.socketOf[cpu]!;
		const service = bytes * this.nsPerByte;
		const start = this.freeAt[socket]! > now ? this.freeAt[socket]! : now;
		const done = start + service;
		this.freeAt[socket] = done;
		this.bytes[socket]! += bytes;
		return Math.max(cpuNs, Math.ceil(done - now));
	}
}
