/**
 * The footer: the keys that matter now, most useful first, as many as fit. `? help` comes
 * first, so the way to every other key is never the one cut.
 */
import type {UiState} from '../hooks/ui-state.ts';
import type {Frame} from '../session/frame.ts';
import {clip} from '../text/fit.ts';
import {paint} from '../text/paint.ts';

type KeyHint = readonly [key: string, what: string];

export function footerKeys(ui: UiState, frame: Frame): KeyHint[] {
	if (ui.editing) return [['type', 'filter the log'], ['Enter', 'keep'], ['Esc', 'clear'], ['Backspace', 'erase']];
	if (ui.help) return [['↓↑ PgDn PgUp', 'page'], ['any other key', 'close help'], ['q', 'quit']];
	if (ui.violation) return [['↓↑ PgDn PgUp', 'scroll'], ['←→', 'pan'], ['any other key', 'close'], ['q', 'quit']];
	const hints: KeyHint[] = [['?', 'help'], ...(frame.violation === null ? [] : [['!', 'race diagram'] as const]), ['q', 'quit'], ['space', frame.paused ? 'resume' : 'pause']];
	switch (ui.focus) {
		case 'cpus':
			hints.push(['←→↑↓', 'select CPU']);
			break;
		case 'locks':
			hints.push(['↑↓', 'select lock'], ['h', ui.heatAxis === 'cpu' ? 'heatmap by time' : 'heatmap by CPU']);
			break;
		case 'summary':
			hints.push(['t', ui.table === 'locks' ? 'per scheme' : 'per lock']);
			break;
		case 'vmas':
			hints.push(['↑↓', 'select VMA']);
			if (frame.canInject) hints.push(['u', 'munmap'], ['p', 'mprotect'], ['f', 'storm']);
			break;
		case 'log':
			hints.push(['↑↓', 'scroll'], ['/', 'filter']);
			if (ui.filter) hints.push(['Esc', 'clear filter']);
			break;
	}

	hints.push(['Tab', 'next pane']);
	// htop users press `h` for help: here it turns the heatmap's axis, and says so.
	const axis: KeyHint = ['h', 'heatmap axis'];
	if (frame.replay !== null) {
		hints.push([']/[', 'seek ±10%'], ['g/G', 'start/end'], ['+/-', 'speed']);
		if (ui.focus !== 'locks') hints.push(axis);
		return hints;
	}

	if (frame.canInject) hints.push(['m', 'mmap']);
	hints.push(['+/-', 'speed'], ['s', frame.canSwitchScheme ? 'next scheme' : 'restart']);
	if (ui.focus !== 'locks') hints.push(axis);
	return hints;
}

/** The keys as one line of at most `width` columns; keys that do not fit are left out. */
export function footerLine(ui: UiState, frame: Frame, width: number): string {
	// A selection that moved by itself says so first.
	const note = ui.note === null ? '' : clip(` ${ui.note}`, width);
	let line = paint.yellow(note);
	let used = note.length;
	for (const [key, what] of footerKeys(ui, frame)) {
		const gap = used > 0 ? '  ' : ' ';
		const length = gap.length + key.length + 1 + what.length;
		if (used + length > width) break;
		line += `${gap}${paint.bold(paint.inverse(key))} ${what}`;
		used += length;
	}

	return line;
}
