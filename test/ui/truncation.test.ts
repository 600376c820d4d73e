// Nothing is cut without saying so: cut text ends in `…`, figures are never cut, and columns
// that do not fit are left out whole and named in the pane's title.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {cpuView} from '../../source/ui/components/cpu-layout.ts';
import {abortsFit, cpuLines} from '../../source/ui/components/cpu-lines.ts';
import {fit, fitEnd, joinFitting} from '../../source/ui/text/fit.ts';
import {plain, realRun, widest} from './fixtures.ts';

test('a cut is marked with …, on either side', () => {
	assert.equal(fit('do_user_addr_fault', 10), 'do_user_a…');
	assert.equal(fitEnd('12345678', 5), '…5678');
	assert.deepEqual(joinFitting(['1.28M flt/s', 'spec 100%', 'wait 2%'], 23, ' · '), {text: '1.28M flt/s · spec 100%', left: 1});
});

test('aborts give way by whole reasons, then to their total', () => {
	const aborts = {vma_changed: 12, access: 3, seq: 1};
	assert.equal(abortsFit(aborts, 40), 'vma_changed 12 access 3 seq 1');
	assert.equal(abortsFit(aborts, 20), 'vma_changed 12 +4');
	assert.equal(abortsFit(aborts, 10), '16');
});

const process = realRun(8, 2_000_000, 'page-fault1-process');

test('multi-process CPU panes name each CPU\'s process, and keep whole figures at every width', () => {
	for (const [width, height] of [[80, 11], [87, 27], [100, 27], [116, 27], [120, 27], [160, 27], [200, 40]] as const) {
		const view = cpuView(8, width, height, 0);
		const lines = cpuLines({cpus: process.snapshot.cpus, view, width, focused: false, selected: 0, windowNs: 250_000}).map(plain);
		assert.ok(widest(lines) <= width, `${width}: ${widest(lines)}`);
		const text = lines.join('\n');
		assert.match(text, /mm[1-7]\b/, `${width}: the process`);
		// A wait share is a whole percentage, never `wait 2` cut from `wait 2%`.
		for (const match of text.matchAll(/wait (\S*)/g)) assert.match(match[1]!, /^(\d+%|<1%|-)$/, `${width}: ${match[0]}`);
		for (const match of text.matchAll(/p(50|99) (\S*)/g)) assert.match(match[2]!, /^([\d.]+(ns|µs|ms|s)|-)$/, `${width}: ${match[0]}`);
		// Whatever is cut says so.
		for (const line of lines) assert.doesNotMatch(line, /[a-z]_[a-z]*[^ …a-z_]$/);
	}
});

test('columns that do not fit are left out whole and named in the title', () => {
	const view = cpuView(8, 80, 11, 0);
	assert.equal(view.mode, 'lines');
	const lines = cpuLines({cpus: process.snapshot.cpus, view, width: 80, focused: false, selected: 0, windowNs: 250_000}).map(plain);
	assert.match(lines[0]!, /hidden: [A-Z0-9, ]+/);
	const hidden = /hidden: ([A-Z0-9, ]+?) ·/.exec(lines[0]!)![1]!.split(', ');
	for (const heading of hidden) assert.doesNotMatch(lines[1]!, new RegExp(`\\b${heading}\\b`));
	assert.match(lines[1]!, /CPU MM +STATE/);
	assert.match(lines[2]!, /^ +0 mm0 /);
});
