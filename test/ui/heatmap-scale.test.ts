// The heatmap's scale is fixed and stated: a wait has the same shade whatever else the frame
// (or another scheme's run) holds.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {heatmapLines} from '../../source/ui/components/heatmap-lines.ts';
import type {LockHeat} from '../../source/stream/index.ts';
import {plain} from './fixtures.ts';

function lock(id: string, waitNsByCpu: number[]): LockHeat {
	const waitNs = waitNsByCpu.reduce((a, b) => a + b, 0);
	return {id, lockClass: id, waitNs, acquisitions: 10, contended: 2, waitNsByCpu, waitNsHistory: [waitNs]};
}

const draw = (locks: LockHeat[]) => heatmapLines({locks, cpus: 4, axis: 'cpu', width: 80, height: 8, focused: false, selected: 0, windowNs: 250_000}).map(plain);

test('the same wait has the same shade beside a small or a large one', () => {
	// 5µs of wait on CPU 0: in the 1-10µs bucket, next to 2µs or next to 2ms.
	const small = draw([lock('ptl', [5_000, 2_000, 0, 0])]);
	const large = draw([lock('mmap_sem', [0, 0, 0, 2_000_000]), lock('ptl', [5_000, 2_000, 0, 0])]);
	const row = (lines: string[]) => lines.find(line => line.startsWith('ptl '))!;
	assert.equal(row(small).slice(0, 40), row(large).slice(0, 40));
	assert.match(row(small), /^ptl +▒▒▒▒▒▒▒▒· +· +/);
	assert.match(large.find(line => line.startsWith('mmap_sem'))!, /· +· +· +████/);
	// The legend states the scale, the same in both.
	assert.equal(small.at(-1), large.at(-1));
	assert.match(small.at(-1)!, /^·0 ░<1µs ▒<10µs ▓<100µs █≥100µs wait per CPU in 250µs$/);
});
