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
	'vma-adjust': paint.green,
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
const mmWidth = 5;
const typeWidth = 13;

/** The process an event belongs to, or null. */
function mmOf(event: SimEvent): number | null {
	if ('mm' in event) return event.mm;
	if (event.type === 'inject') return event.injection.mm;
	return null;
}

/** Time and CPU (and the process, with several), fitted: the part of a line before the type. */
function lineHead(event: SimEvent, multiProcess: boolean): string {
	const mm = mmOf(event);
	const process = multiProcess ? ' ' + fit(mm === null ? '-' : `mm${mm}`, mmWidth) : '';
	return `${fitEnd(logTime(event.t), timeWidth)} ${fit(event.cpu >= 0 ? `cpu${event.cpu}` : '-', cpuWidth)}${process}`;
}

/** One event as one line of at most `width` columns (before colour); `multiProcess` adds its process after the CPU. */
export function logLine(event: SimEvent, width: number, multiProcess = false): string {
	const head = lineHead(event, multiProcess);
	const type = fit(event.type, typeWidth);
	const rest = clip(` ${event.fn} ${eventDetail(event)}`, Math.max(0, width - head.length - typeWidth - 1));
	const colour = typePaint[event.type] ?? plain;
	if (event.type === 'inject' || event.type === 'violation') return colour(clip(`${head} ${type}${rest}`, width));
	return clip(head, width) + (width > head.length ? ' ' + colour(clip(type, width - head.length - 1)) + rest : '');
}

/** One event's whole line, uncut and plain. */
export function logText(event: SimEvent, multiProcess = false): string {
	return `${lineHead(event, multiProcess)} ${fit(event.type, typeWidth)} ${event.fn} ${eventDetail(event)}`;
}

/** Rows at most the detail under the log takes for the selected line. */
const maxDetailRows = 3;

/** `text` in rows of `width` columns, at most `rows` of them (the last cut with `…`). */
function wrap(text: string, width: number, rows: number): string[] {
	const out: string[] = [];
	for (let at = 0; at < text.length && out.length < rows; at += width) out.push(text.slice(at, at + width));
	if (out.length === rows && text.length > rows * width) out[rows - 1] = clip(out[rows - 1]! + text.slice(rows * width), width);
	return out;
}

export interface LogLinesInput {
	readonly log: LogWindow;
	/** The bottom line's index in the log's count; null follows the newest. */
	readonly anchor: number | null;
	/**
	 * The log's count now (`LogWindow.total` of the live log), where `log` may be a window
	 * frozen when scrolling back began: the lines after the anchor are `newest - 1 - anchor`.
	 *
	 * @default log.total
	 */
	readonly newest?: number;
	/** Several processes run: each line names its event's process (`mm1`). */
	readonly multiProcess?: boolean;
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
	readonly paused: boolean;
	/** Typing a filter: the last line is the filter prompt. */
	readonly editing: boolean;
	readonly filterDraft: string;
}

export function logLines(input: LogLinesInput): string[] {
	const {log, width, height, multiProcess = false} = input;
	const newest = log.total - 1;
	const following = input.anchor === null;
	const held = log.events.length;
	const heldFrom = log.total - held;
	const editRows = input.editing ? 1 : 0;
	// Scrolled back, the bottom line is selected: shown whole under the log when it is cut.
	const proposed = following ? newest : Math.min(input.anchor!, newest);
	const selectedEvent = following ? undefined : log.events[proposed - heldFrom];
	const whole = selectedEvent === undefined ? '' : logText(selectedEvent, multiProcess);
	const detailRows = whole.length > width ? Math.min(maxDetailRows, Math.ceil(whole.length / width), Math.max(0, height - 3 - editRows)) : 0;
	const room = Math.max(0, height - 1 - editRows - detailRows);
	// A window of held events, never an empty one: an anchor older than what is held shows the oldest page.
	const anchor = following ? newest : Math.max(Math.min(heldFrom + room, log.total) - 1, proposed);
	const later = (input.newest ?? log.total) - 1 - anchor;
	const searched = log.filter && log.searched !== undefined ? ` of ${log.searched}` : '';
	const info = [
		log.filter ? `filter "${log.filter}" · ${log.total} matched${searched}` : `${log.total} events`,
		following ? (input.paused ? 'paused' : 'newest last') : `${later} newer · End follows`,
		log.filter ? 'Esc clears' : '/ filters',
	].join(' · ');
	const lines = [paneTitle('Events', info, width, input.focused)];
	// events[i] has index total - events.length + i.
	const end = Math.max(0, Math.min(held, anchor - heldFrom + 1));
	const start = Math.max(0, end - room);
	for (let i = start; i < end; i++) {
		const line = logLine(log.events[i]!, width, multiProcess);
		lines.push(!following && i === end - 1 ? paint.inverse(line) : line);
	}

	if (end === 0) lines.push(paint.dim(clip(log.filter ? ' no event matches the filter yet' : ' no events yet', width)));
	if (detailRows > 0) {
		while (lines.length < height - editRows - detailRows) lines.push('');
		for (const row of wrap(whole, width, detailRows)) lines.push(paint.bold(row));
	}

	if (input.editing) {
		while (lines.length < height - 1) lines.push('');
		lines.push(paint.bold(clip(`/${input.filterDraft}█`, width)) + paint.dim(clip('  Enter keeps · Esc clears', Math.max(0, width - input.filterDraft.length - 2))));
	}

	return lines;
}
