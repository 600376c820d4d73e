/**
 * One line of `perf script` text: the sample header perf prints before every event, in its
 * default layout (`comm tid [cpu] secs.usecs: event: fields`) or the `-F comm,pid,tid,cpu,
 * time,event,trace` layout `spf-top trace` asks for (`comm pid/tid [cpu] ...`).
 */

/** A line's header and the rest of it, untouched. */
export interface PerfLine {
	readonly comm: string;
	/** The process id when the layout shows it (`pid/tid`); null in the default layout. */
	readonly pid: number | null;
	readonly tid: number;
	readonly cpu: number;
	/** Timestamp in nanoseconds (perf prints seconds with 6 or 9 decimals). */
	readonly ns: number;
	/** `exceptions:page_fault_user`, or a side-band record such as `PERF_RECORD_MMAP2`. */
	readonly event: string;
	/** What follows the event name. */
	readonly body: string;
}

// The command name may hold spaces and digits, so it is whatever precedes the last
// `TID [CPU] TIME:` that makes the rest of the line parse.
const header = /^\s*(.*?)\s+(-?\d+)(?:\/(-?\d+))?\s+\[(\d+)\]\s+(\d+)\.(\d{1,9}):\s+(.*)$/;
const record = /^(PERF_RECORD_[A-Z0-9_]+)(.*)$/;
const tracepoint = /^([\w-]+:[\w-]+):\s?(.*)$/;

/** The header fields of a line, or null if it is not an event line perf writes. */
export function parsePerfLine(line: string): PerfLine | null {
	const match = header.exec(line);
	if (!match) return null;
	const [, comm = '', first = '', second, cpu = '', secs = '', frac = '', rest = ''] = match;
	const named = record.exec(rest) ?? tracepoint.exec(rest);
	if (!named) return null;
	const [, event = '', body = ''] = named;
	const ns = Number(secs) * 1e9 + Number(frac.padEnd(9, '0'));
	return {
		comm,
		pid: second === undefined ? null : Number(first),
		tid: Number(second ?? first),
		cpu: Number(cpu),
		ns,
		event,
		body: body.trim(),
	};
}
