/**
 * The event log: a window over the latest events, newest last, one line each, like
 * ftrace: time (ms), CPU, event type, kernel function, what happened. Scrolled back, the
 * window stays on the same events while new ones arrive (until they leave the ring).
 */
import type {SimEvent, SimEventType} from '../../sim/events.ts';
import type {LogWindow} from '../session/log-view.ts';
import {eventDetail, logTime} from '../text/describe-event.ts';
import {clip, fit, fitEnd} from '../text/fit.ts';
import type {Paint} from '../text/paint.ts';
import {paint, plain} from '../text/paint.ts';
import {paneTitle} from './pane-title.ts';

/**
 * Colour for the notable event types. The firehose (faults, lock acquisitions and
 * releases) stays plain: every coloured character costs Ink a style copy per frame.
 */
const typePaint: Partial<Record<SimEventType, Paint>> = {
	inject: paint.magenta,
	violation: paint.boldRed,
	'spec-abort': paint.yellow,
	'vma-alloc': paint.green,
	'vma-free': paint.green,
	'pgtable-free': paint.green,
	'writer-begin': paint.cyan,
	'writer-end': paint.cyan,
	'tlb-shootdown': paint.blue,
	'rcu-gp': paint.blue,
	'lock-contend': paint.yellow,
};

const timeWidth = 10;
const cpuWidth = 6;
const typeWidth = 13;

/** One event as one line of at most `width` columns (before colour). */
export function logLine(event: SimEvent, width: number): string {
	const head = `${fitEnd(logTime(event.t), timeWidth)} ${fit(event.cpu >= 0 ? `cpu${event.cpu}` : '-', cpuWidth)}`;
	const type = fit(event.type, typeWidth);
	const rest = clip(` ${event.fn} ${eventDetail(event)}`, Math.max(0, width - head.length - typeWidth - 1));
	const colour = typePaint[event.type] ?? plain;
	if (event.type === 'inject' || event.type === 'violation') return colour(clip(`${head} ${type}${rest}`, width));
	return clip(head, width) + (width > head.length ? ' ' + colour(clip(type, width - head.length - 1)) + rest : '');
}

export interface LogLinesInput {
	readonly log: LogWindow;
	/** The bottom line's index in the log's count; null follows the newest. */
	readonly anchor: number | null;
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
	readonly paused: boolean;
	/** Typing a filter: the last line is the filter prompt. */
	readonly editing: boolean;
	readonly filterDraft: string;
}

export function logLines(input: LogLinesInput): string[] {
	const {log, width, height} = input;
	const newest = log.total - 1;
	const anchor = input.anchor === null ? newest : Math.min(input.anchor, newest);
	const following = input.anchor === null;
	const info = [
		log.filter ? `filter "${log.filter}" · ${log.total} matched` : `${log.total} events`,
		following ? (input.paused ? 'paused' : 'newest last') : `scrolled back ${newest - anchor} (End follows)`,
		log.filter ? 'Esc clears' : '/ filters',
	].join(' · ');
	const lines = [paneTitle('Events', info, width, input.focused)];
	const room = Math.max(0, height - 1 - (input.editing ? 1 : 0));
	// events[i] has index total - events.length + i.
	const end = Math.max(0, Math.min(log.events.length, anchor - (log.total - log.events.length) + 1));
	const start = Math.max(0, end - room);
	for (let i = start; i < end; i++) lines.push(logLine(log.events[i]!, width));
	if (end === 0) lines.push(paint.dim(clip(log.filter ? ' no event matches the filter yet' : ' no events yet', width)));
	if (input.editing) {
		while (lines.length < height - 1) lines.push('');
		lines.push(paint.bold(clip(`/${input.filterDraft}█`, width)) + paint.dim(clip('  Enter keeps · Esc clears', Math.max(0, width - input.filterDraft.length - 2))));
	}

	return lines;
}
