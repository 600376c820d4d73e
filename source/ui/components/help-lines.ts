/** The `?` overlay: every key, with what it does now. */
import {keyHelpFor} from '../hooks/keymap.ts';
import {logHistorySize} from '../session/log-view.ts';
import {clip, fit} from '../text/fit.ts';
import {paint} from '../text/paint.ts';
import {paneTitle} from './pane-title.ts';

export function helpLines(width: number, height: number, replay = false): string[] {
	const keyHelp = keyHelpFor(replay);
	const keyWidth = Math.max(...keyHelp.map(([keys]) => keys.length)) + 2;
	const lines = [paneTitle('Help', 'every key · any key closes this', width, true)];
	for (const [keys, what] of keyHelp) lines.push(paint.bold(fit(` ${keys}`, keyWidth)) + clip(what, width - keyWidth));
	lines.push(
		'',
		clip(' CPU states: user, fault (kernel step), spin / sleep on a lock, mmap/munmap/mprotect (writer), idle.', width),
		clip(' Rates are per simulated second over the last window; speed is simulated time per wall second.', width),
		clip(' VMA seq: write sequence (odd while a writer runs); refs: faults in flight on the VMA.', width),
		clip(` Event log: / searches the last ${logHistorySize.toLocaleString('en-US')} events and every new one; scrolled back, it holds still (End follows).`, width),
	);
	if (replay) lines.push(clip(' A replay plays the recorded events: it cannot take injections (m u p f) nor switch scheme (s).', width));
	return lines.slice(0, height);
}

/** The screen below the minimum size. */
export function tooSmallLines(columns: number, rows: number, need: {columns: number; rows: number}): string[] {
	const lines = [`terminal too small: need ${need.columns}×${need.rows}`, `this one is ${columns}×${rows}`, 'enlarge it, or q to quit'];
	return lines.slice(0, Math.max(1, rows - 1)).map(line => clip(line, Math.max(1, columns)));
}
