/**
 * Ink 6.8 turns every line of every frame into styled characters, grapheme by grapheme
 * (about 1 µs a character), in a cache it drops after the frame. Two shortcuts, both giving
 * exactly what Ink's tokenizer would:
 *
 * - Most dashboard lines are the same from one frame to the next (titles, the heatmap
 *   within a window, the summary table, log lines that only moved up): a bounded map keeps
 *   their styled characters across frames, in front of Ink's per-frame cache.
 * - A line without escape codes made only of single-column, single-code-unit characters
 *   (printable ASCII and the few symbols spf-top draws) needs none of the grapheme and
 *   escape-code work: one plain styled character per code unit. The event log's firehose
 *   of new lines is such lines.
 *
 * Together they halve what a frame costs Ink to draw the event log. Ink does not expose its
 * cache, so its internal prototype is wrapped once; if Ink's internals no longer look as
 * expected, nothing is changed.
 */
import Output from '../../node_modules/ink/build/output.js';

/**
 * Lines kept: a few frames' worth, which is what reuse from one frame to the next needs;
 * more only gives the garbage collector more to trace.
 */
const capacity = 512;

/** Printable ASCII, `µ · × ‖ …`, arrows, box drawing, blocks and shades, `▶`: one column, one grapheme each. */
const plainLine = /^[\u0020-\u007E\u00B5\u00B7\u00D7\u2016\u2026\u2190-\u2193\u2500-\u259F\u25B6]*$/;

/** Read only, shared by every plain character (Ink never writes to a character's styles). */
const noStyles: readonly never[] = Object.freeze([]);

export interface StyledChar {
	readonly type: 'char';
	readonly value: string;
	readonly fullWidth: boolean;
	readonly styles: readonly unknown[];
}

/** Ink's styled characters for a plain line, or null when the line needs Ink's tokenizer. */
export function plainStyledChars(line: string): StyledChar[] | null {
	if (!plainLine.test(line)) return null;
	const chars = new Array<StyledChar>(line.length);
	for (let i = 0; i < line.length; i++) chars[i] = {type: 'char', value: line[i]!, fullWidth: false, styles: noStyles};
	return chars;
}

type GetStyledChars = (this: unknown, line: string) => unknown;

let installed = false;
let enabled = true;

/**
 * Turns the wrapper off and on again once installed; for measurements that compare with
 * plain Ink in the same process (the render benchmark).
 */
export function setLineCacheEnabled(on: boolean): void {
	enabled = on;
}

/** Wraps Ink's per-frame line cache; true if the wrapper is (now) in place. */
export function installLineCache(): boolean {
	if (installed) return true;
	const caches = (new Output({width: 0, height: 0}) as unknown as {caches?: object}).caches;
	const prototype = caches === undefined ? undefined : (Object.getPrototypeOf(caches) as {getStyledChars?: GetStyledChars});
	const original = prototype?.getStyledChars;
	if (prototype === undefined || typeof original !== 'function') return false;
	const lasting = new Map<string, unknown>();
	prototype.getStyledChars = function (line: string) {
		if (!enabled) return original.call(this, line);
		let chars = lasting.get(line);
		if (chars === undefined) {
			chars = plainStyledChars(line) ?? original.call(this, line);
			// Oldest first: a line still in use is simply tokenised again.
			if (lasting.size >= capacity) lasting.delete(lasting.keys().next().value!);
			lasting.set(line, chars);
		}

		return chars;
	};
	installed = true;
	return true;
}
