/**
 * The events the log pane can show. Unfiltered, that is the snapshot's own ring of the
 * latest events. Filtered, a ring of its own fed with every matching event as it arrives,
 * so a rare event (an injection, a violation) stays in view long after the firehose of
 * lock events has pushed it out of the snapshot's ring.
 */
import type {SimEvent} from '../../sim/events.ts';
import {RingBuffer} from '../../stream/index.ts';
import type {EventPredicate} from './log-filter.ts';
import {parseLogFilter} from './log-filter.ts';

export interface LogWindow {
	/** Oldest first. */
	readonly events: readonly SimEvent[];
	/** Events that ever entered this log: the index of the newest is `total - 1`. */
	readonly total: number;
	/** The filter text in force ('' for none). */
	readonly filter: string;
}

export class LogView {
	#text = '';
	#predicate: EventPredicate | null = null;
	#ring: RingBuffer<SimEvent>;
	#matched = 0;

	constructor(readonly capacity: number) {
		this.#ring = new RingBuffer(capacity);
	}

	get filter(): string {
		return this.#text;
	}

	/** Applies a new filter, starting from the matching events of `recent` (oldest first). */
	setFilter(text: string, recent: readonly SimEvent[]): void {
		this.#text = text.trim();
		this.#predicate = parseLogFilter(this.#text);
		this.#ring = new RingBuffer(this.capacity);
		this.#matched = 0;
		this.fold(recent);
	}

	/** Takes in a batch of new events (nothing to do without a filter). */
	fold(events: readonly SimEvent[]): void {
		const predicate = this.#predicate;
		if (predicate === null) return;
		for (const event of events) {
			if (predicate(event)) {
				this.#ring.push(event);
				this.#matched++;
			}
		}
	}

	/** The window to show, given the snapshot's unfiltered ring and event count. */
	window(log: readonly SimEvent[], events: number): LogWindow {
		if (this.#predicate === null) return {events: log, total: events, filter: ''};
		return {events: this.#ring.toArray(), total: this.#matched, filter: this.#text};
	}
}
