/**
 * The run's first violation, drawn as `spf-top explain` draws it, from what the live
 * dashboard can afford to keep: a ring of the most recent events, and beside it the few
 * older ones the diagram is anchored on (the event that mapped or last wrote each VMA, each
 * CPU's last fault start), since a VMA mapped at time 0 is long out of any ring. When the
 * first violation arrives the diagram is built once and frozen; nothing is kept after it.
 */
import {formatInterleaving, interleaving} from '../../explore/interleaving.ts';
import type {SimEvent, ViolationEvent} from '../../sim/events.ts';

/** Events the ring holds: about 0.5 to 1 ms of an 8-CPU run, more than a fault and the writer it raced take. */
export const heldEvents = 20_000;
/** VMA anchors kept, oldest forgotten first: a run maps far fewer VMAs than this at once. */
const anchorsKept = 4096;

/** What the violation overlay shows, built once. */
export interface ViolationView {
	readonly violation: ViolationEvent;
	/** The diagram's header and step lines, as `formatInterleaving` prints them, without its sentence. */
	readonly table: readonly string[];
	/** What went wrong, in the checker's words. */
	readonly sentence: string;
	/** The CPUs with a column. */
	readonly cpus: readonly number[];
	/**
	 * The oldest event the ring still held when the diagram opens earlier (its first steps
	 * come from the anchors and steps between them may be missing); null when the diagram is whole.
	 */
	readonly heldFromNs: number | null;
}

export class FirstViolation {
	readonly #capacity: number;
	readonly #ring: SimEvent[] = [];
	/** Next slot to write once the ring is full. */
	#head = 0;
	#dropped = 0;
	readonly #anchors = new Map<string, SimEvent>();
	readonly #faultStarts = new Map<number, SimEvent>();
	#view: ViolationView | null = null;

	constructor(capacity = heldEvents) {
		this.#capacity = capacity;
	}

	/** The first violation's diagram, once there was one. */
	get view(): ViolationView | null {
		return this.#view;
	}

	/** Folds a batch in time order; true when it brought the first violation. */
	fold(batch: readonly SimEvent[]): boolean {
		if (this.#view !== null) return false;
		for (const event of batch) {
			this.#hold(event);
			if (event.type === 'violation') {
				this.#view = this.#draw(event);
				// The diagram is all that is needed from now on.
				this.#ring.length = 0;
				this.#anchors.clear();
				this.#faultStarts.clear();
				return true;
			}
		}

		return false;
	}

	#hold(event: SimEvent): void {
		if (this.#ring.length < this.#capacity) this.#ring.push(event);
		else {
			this.#ring[this.#head] = event;
			this.#head = (this.#head + 1) % this.#capacity;
			this.#dropped++;
		}

		// What interleaving() looks back for: the VMA over the address, its writer (a munmap first), the fault.
		if (event.type === 'vma-alloc') this.#anchor(`${event.vma}:alloc`, event);
		else if (event.type === 'writer-begin') {
			this.#anchor(`${event.vma}:writer`, event);
			if (event.op === 'munmap') this.#anchor(`${event.vma}:munmap`, event);
		} else if (event.type === 'fault-start') this.#faultStarts.set(event.cpu, event);
	}

	#anchor(key: string, event: SimEvent): void {
		this.#anchors.delete(key);
		this.#anchors.set(key, event);
		if (this.#anchors.size > anchorsKept) this.#anchors.delete(this.#anchors.keys().next().value!);
	}

	#draw(violation: ViolationEvent): ViolationView {
		const held = [...this.#ring.slice(this.#head), ...this.#ring.slice(0, this.#head)];
		let events: readonly SimEvent[] = held;
		let oldestHeld: number | null = null;
		if (this.#dropped > 0) {
			const inRing = new Set(held);
			const older = [...this.#anchors.values(), ...this.#faultStarts.values()].filter(e => !inRing.has(e)).sort((a, b) => a.t - b.t);
			events = [...older, ...held];
			oldestHeld = held[0]!.t;
		}

		const diagram = interleaving(events, violation);
		const lines = formatInterleaving(diagram).split('\n');
		return {
			violation,
			table: lines.slice(0, lines.lastIndexOf('')),
			sentence: diagram.sentence,
			cpus: diagram.cpus,
			heldFromNs: oldestHeld !== null && diagram.steps.some(step => step.t < oldestHeld) ? oldestHeld : null,
		};
	}
}
