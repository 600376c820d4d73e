import {assertInteger} from './assert-option.ts';

/**
 * A fixed-capacity ring: once full, each push overwrites the oldest item, so memory stays
 * bounded however long the run is.
 */
export class RingBuffer<T> {
	readonly capacity: number;
	readonly #items: T[] = [];
	/** Where the next push goes once the ring is full (the oldest item). */
	#next = 0;

	constructor(capacity: number) {
		assertInteger('capacity', capacity, 1);
		this.capacity = capacity;
	}

	get length(): number {
		return this.#items.length;
	}

	push(item: T): void {
		if (this.#items.length < this.capacity) {
			this.#items.push(item);
			return;
		}

		this.#items[this.#next] = item;
		this.#next = (this.#next + 1) % this.capacity;
	}

	/** A copy, oldest first. */
	toArray(): T[] {
		return [...this.#items.slice(this.#next), ...this.#items.slice(0, this.#next)];
	}
}
