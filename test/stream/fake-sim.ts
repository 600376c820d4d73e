// A deterministic stand-in for the simulator: one fault-end every `stepNs` of simulated time.
import type {SimEvent} from '../../source/sim/events.ts';
import type {BatchSource} from '../../source/stream/index.ts';
import {faultEnd} from './make-events.ts';

export class FakeSim implements BatchSource {
	now = 0;
	advanceCalls = 0;

	constructor(
		readonly stepNs: number,
		readonly cpus = 2,
	) {}

	/** Events at every multiple of stepNs in (now, untilNs], at most maxEvents of them. */
	advance(untilNs: number, maxEvents = Number.POSITIVE_INFINITY): SimEvent[] {
		this.advanceCalls++;
		const events: SimEvent[] = [];
		for (let t = (Math.floor(this.now / this.stepNs) + 1) * this.stepNs; t <= untilNs; t += this.stepNs) {
			events.push(faultEnd(t, (t / this.stepNs) % this.cpus));
			if (events.length >= maxEvents) {
				this.now = t;
				return events;
			}
		}

		this.now = Math.max(this.now, untilNs);
		return events;
	}
}

/** The events `new FakeSim(stepNs, cpus)` produces in (fromNs, toNs]. */
export function fakeEvents(stepNs: number, fromNs: number, toNs: number, cpus = 2): SimEvent[] {
	const events: SimEvent[] = [];
	for (let t = fromNs + stepNs; t <= toNs; t += stepNs) events.push(faultEnd(t, (t / stepNs) % cpus));
	return events;
}
