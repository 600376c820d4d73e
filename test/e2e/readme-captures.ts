// The README's dashboard captures (`tmux capture-pane -p` text at 80×24 and 200×60): taking
// them, finding them in README.md, and the layout they must share with what the program draws
// now. `node --import tsx test/e2e/readme-captures.ts` (after `npm run build`) takes them anew
// and writes them into README.md; readme-captures.test.ts fails when they drift.
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Terminal} from './tmux.ts';

export const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url));
export const sizes = [
	{columns: 80, rows: 24},
	{columns: 200, rows: 60},
] as const;

/** Simulated time at least this far in (ms): "a few seconds in" at the dashboard's 1 ms/s. */
const settledMs = 2;

/** The marker before a capture's fenced block, invisible on a rendered README. */
const marker = (columns: number, rows: number) => `<!-- dashboard capture ${columns}x${rows}: node --import tsx test/e2e/readme-captures.ts -->`;

/** The default scenario's dashboard at `columns`×`rows`, a few seconds in, a whole frame. */
export async function capture(columns: number, rows: number): Promise<string> {
	const terminal = new Terminal('', columns, rows, 'NODE_ENV=production');
	try {
		const simMs = (screen: string) => Number(/ t (\d+\.\d{3}) ms · /.exec(screen)?.[1] ?? -1);
		const screen = await terminal.waitFor(s => simMs(s) >= settledMs && / Events {2}/.test(s) && /^ \? help {2}q quit/.test(s.split('\n')[rows - 2] ?? ''), `a whole frame at ${columns}×${rows} past ${settledMs} ms`);
		terminal.keys('q');
		return screen.split('\n').slice(0, rows).join('\n').trimEnd();
	} finally {
		terminal.kill();
	}
}

/** The capture in README.md for this size, or undefined. */
export function readmeCapture(readme: string, columns: number, rows: number): string | undefined {
	const at = readme.indexOf(marker(columns, rows));
	if (at === -1) return undefined;
	const block = /^```text\n([\s\S]*?)\n```$/m.exec(readme.slice(at));
	return block?.[1];
}

/**
 * What a capture must share with the program's frame at that size: its height, the header's
 * start, every pane title's name and cell (row, column), and the footer's key hints. Numbers,
 * rows of data and the log differ from run to run; these do not.
 */
export function layout(screen: string, rows: number) {
	const lines = screen.split('\n');
	const titles: string[] = [];
	lines.forEach((line, row) => {
		for (const match of line.matchAll(/(?<=^|[ ▶])(CPUs|Locks|Summary|VMAs|Events) {2}/g)) titles.push(`${match[1]} at ${row}:${match.index}`);
	});
	return {
		height: lines.length,
		// After the spinner's cell: the program and the scheme.
		header: /^.{1,4}(spf-top · [a-z\d-]+: )/.exec(lines[0] ?? '')?.[1] ?? lines[0],
		titles,
		footer: lines[rows - 2]?.trimEnd(),
	};
}

/** README.md with each capture replaced by `captures[i]` (the markers must be there). */
export function withCaptures(readme: string, captures: readonly string[]): string {
	return sizes.reduce((text, {columns, rows}, i) => {
		const at = text.indexOf(marker(columns, rows));
		if (at === -1) throw new Error(`README.md has no ${marker(columns, rows)}`);
		const rest = text.slice(at).replace(/^```text\n[\s\S]*?\n```$/m, `\`\`\`text\n${captures[i]}\n\`\`\``);
		return text.slice(0, at) + rest;
	}, readme);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const captures: string[] = [];
	for (const {columns, rows} of sizes) captures.push(await capture(columns, rows));
	writeFileSync(readmePath, withCaptures(readFileSync(readmePath, 'utf8'), captures));
}
