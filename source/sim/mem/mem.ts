/** The machine's memory: a zone and an lruvec per NUMA node (one node per socket), and the memcg if charging is on. */
import type {Task} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {Lruvec} from './lru.ts';
import {MemCgroup} from './memcg.ts';
import {Zone} from './page-alloc.ts';

export class Mem {
	readonly zones: Zone[];
	readonly lruvecs: Lruvec[];
	readonly memcg: MemCgroup | null;

	constructor(k: Kernel, memcg: boolean) {
		const nodes = k.topology.sockets;
		this.zones = Array.from({length: nodes}, (_, node) => new Zone(k, node));
		this.lruvecs = Array.from({length: nodes}, (_, node) => new Lruvec(k, node));
		this.memcg = memcg ? new MemCgroup(k) : null;
	}

	/** `numa_node_id()`'s zone: allocation is from the faulting CPU's node (the default local policy). */
	zone(k: Kernel, task: Task): Zone {
		return this.zones[k.topology.socketOf[task.cpu]!]!;
	}

	lruvec(k: Kernel, task: Task): Lruvec {
		return this.lruvecs[k.topology.socketOf[task.cpu]!]!;
	}
}
