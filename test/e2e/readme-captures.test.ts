// The README's dashboard captures match what the program draws today, at 80×24 and 200×60:
// the same height, header, pane titles in the same cells and the same footer. When the
// layout changes on purpose, `node --import tsx test/e2e/readme-captures.ts` takes them anew.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {before, describe, test} from 'node:test';
import {capture, layout, readmeCapture, readmePath, sizes, withCaptures} from './readme-captures.ts';
import {hasTmux} from './tmux.ts';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
const readme = readFileSync(readmePath, 'utf8');

before(() => {
	if (!existsSync(cli)) spawnSync(process.execPath, [new URL('../../source/build.mjs', import.meta.url).pathname], {stdio: 'inherit'});
});

describe('the README’s dashboard captures', {concurrency: 1, skip: hasTmux ? false : 'tmux is not installed'}, () => {
	for (const {columns, rows} of sizes) {
		test(`at ${columns}×${rows}: the layout the program draws now`, async () => {
			const documented = readmeCapture(readme, columns, rows);
			assert.ok(documented !== undefined, `README.md has no capture at ${columns}×${rows}`);
			const live = await capture(columns, rows);
			assert.deepEqual(layout(documented, rows), layout(live, rows), `README.md's ${columns}×${rows} capture has drifted; take it anew with node --import tsx test/e2e/readme-captures.ts\nnow:\n${live}`);
			assert.ok(layout(live, rows).titles.length >= 4, layout(live, rows).titles.join(', '));
		});
	}
});

test('writing captures replaces only the fenced blocks after the markers', () => {
	const written = withCaptures(readme, sizes.map(({columns}) => `capture ${columns}`));
	for (const {columns, rows} of sizes) assert.equal(readmeCapture(written, columns, rows), `capture ${columns}`);
	assert.equal(written.replace(/```text\ncapture \d+\n```/g, ''), sizes.reduce((text, {columns, rows}) => text.replace(`\`\`\`text\n${readmeCapture(readme, columns, rows)}\n\`\`\``, ''), readme));
});
