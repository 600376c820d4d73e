/** The `?` overlay: every key, with what it does now. */
import {keyHelpFor} from '../hooks/keymap.ts';
import {logHistorySize} from '../session/log-view.ts';
import {clip, fit} from '../text/fit.ts';
import {paint} from '../text/paint.ts';
import {paneTitle} from './pane-title.ts';

/** `text` in lines of at most `width` columns, broken at spaces (a word wider than a line is cut, marked). */
export function wrap(text: string, width: number): string[] {
	if (width <= 0) return [];
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		const next = line === '' ? word : `${line} ${word}`;
		if (next.length <= width) {
			line = next;
			continue;
		}

		if (line !== '') lines.push(line);
		line = clip(word, width);
	}

	if (line !== '') lines.push(line);
	return lines;
}

/** Every line of the help at `width`, wrapped, before it is cut into pages. */
export function helpBody(width: number, replay = false): string[] {
	const keyHelp = keyHelpFor(replay);
	// Keys take a column of their own when there is room for the words beside them.
	const keyWidth = Math.min(Math.max(...keyHelp.map(([keys]) => keys.length)) + 2, Math.floor(width / 3));
	const lines: string[] = [];
	for (const [keys, what] of keyHelp) {
		const label = ` ${keys}`;
		const words = wrap(what, width - keyWidth);
		if (label.length >= keyWidth) {
			lines.push(paint.bold(clip(label, width)));
			words.forEach(line => lines.push(' '.repeat(keyWidth) + line));
			continue;
		}

		words.forEach((line, i) => lines.push((i === 0 ? paint.bold(fit(label, keyWidth)) : ' '.repeat(keyWidth)) + line));
	}

	lines.push('');
	const notes = [
		'CPU states: user, fault (kernel step), spin / sleep on a lock, mmap/munmap/mprotect (writer), idle.',
		'Rates are per simulated second over the last window; speed is simulated time per wall second.',
		'VMA seq: write sequence (odd while a writer runs); refs: faults in flight on the VMA.',
		`Event log: / searches the last ${logHistorySize.toLocaleString('en-US')} events and every new one; scrolled back, it holds still (End follows).`,
	];
	if (replay) notes.push('A replay plays the recorded events: it cannot take injections (m u p f) nor switch scheme (s).');
	for (const note of notes) for (const line of wrap(note, width - 1)) lines.push(` ${line}`);
	return lines;
}

/** Pages of the help at `width` × `height` (its title and page line included). */
export function helpPages(width: number, height: number, replay = false): number {
	const body = helpBody(width, replay).length;
	return body + 1 <= height ? 1 : Math.ceil(body / Math.max(1, height - 2));
}

/**
 * The `?` overlay at `width` × `height`: a title, then every key wrapped to the width, one
 * page of them when they do not all fit, with a last line that says how to page.
 */
export function helpLines(width: number, height: number, replay = false, page = 0): string[] {
	const body = helpBody(width, replay);
	const pages = helpPages(width, height, replay);
	const title = paneTitle('Help', pages > 1 ? `every key · page ${Math.min(page, pages - 1) + 1} of ${pages}` : 'every key · any key closes this', width, true);
	if (pages === 1) return [title, ...body];
	const per = Math.max(1, height - 2);
	const at = Math.min(Math.max(0, page), pages - 1);
	const shown = body.slice(at * per, (at + 1) * per);
	while (shown.length < per) shown.push('');
	const more = at < pages - 1 ? '↓ PgDn next page' : 'last page';
	return [title, ...shown, paint.dim(clip(` ${more} · ↑ PgUp previous · any other key closes help`, width))];
}

/** The screen below the minimum size. */
export function tooSmallLines(columns: number, rows: number, need: {columns: number; rows: number}): string[] {
	const lines = [`terminal too small: need ${need.columns}×${need.rows}`, `this one is ${columns}×${rows}`, 'enlarge it, or q to quit'];
	return lines.slice(0, Math.max(1, rows - 1)).map(line => clip(line, Math.max(1, columns)));
}
