/**
 * The events the log pane can show. Unfiltered, that is the snapshot's own ring of the
 * latest events. Filtered, a ring of its own fed with every matching event as it arrives,
 * so a rare event (an injection, a violation) stays in view long after the firehose of
 * lock events has pushed it out of the snapshot's ring. A new filter searches the whole
 * retained history (`logHistorySize` events), not only what the pane held.
 */
import type {SimEvent} from '../../sim/events.ts';
import {RingBuffer} from '../../stream/index.ts';
import type {EventPredicate} from './log-filter.ts';
import {parseLogFilter} from './log-filter.ts';

/** Events kept for a new `/` filter to search (the help says so). */
export const logHistorySize = 50_000;

export interface LogWindow {
	/** Oldest first. */
	readonly events: readonly SimEvent[];
	/** Events that ever entered this log: the index of the newest is `total - 1`. */
	readonly total: number;
	/** The filter text in force ('' for none). */
	readonly filter: string;
	/** Filtered: events the filter was tried on (the history it started from, and every one since). */
	readonly searched?: number;
}

export class LogView {
	#text = '';
	#predicate: EventPredicate | null = null;
	#ring: RingBuffer<SimEvent>;
	#matched = 0;
	#searched = 0;
	readonly #history: RingBuffer<SimEvent>;

	constructor(
		readonly capacity: number,
		historySize = logHistorySize,
	) {
		this.#ring = new RingBuffer(capacity);
		this.#history = new RingBuffer(Math.max(capacity, historySize));
	}

	get filter(): string {
		return this.#text;
	}

	/**
	 * Applies a new filter to the retained history, then to what comes. `recent` (oldest
	 * first) is what to start from when this view has not seen the events itself (a new view).
	 */
	setFilter(text: string, recent: readonly SimEvent[] = []): void {
		this.#text = text.trim();
		this.#predicate = parseLogFilter(this.#text);
		this.#ring = new RingBuffer(this.capacity);
		this.#matched = 0;
		this.#searched = 0;
		this.#match(this.#history.length > 0 ? this.#history.toArray() : recent);
	}

	/** Takes in a batch of new events. */
	fold(events: readonly SimEvent[]): void {
		for (const event of events) this.#history.push(event);
		this.#match(events);
	}

	#match(events: readonly SimEvent[]): void {
		const predicate = this.#predicate;
		if (predicate === null) return;
		this.#searched += events.length;
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
		return {events: this.#ring.toArray(), total: this.#matched, filter: this.#text, searched: this.#searched};
	}
}
