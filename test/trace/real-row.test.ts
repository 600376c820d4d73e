/** `compare --real`: the trace's figures as the first row, marked as measured on its kernel. */
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {compareRows, compareTitle, type CompareReport} from '../../source/commands/compare.ts';
import {kernelScheme} from '../../source/trace/format-figures.ts';
import {realRow} from '../../source/trace/real-row.ts';

test('the real row: faults per second over the real span, the mmap_lock wait share, the kernel and its scheme', async () => {
	const real = await realRow(join(import.meta.dirname, 'fixtures', 'tiny.trace.txt'));
	assert.equal(real.kernel, 'Linux 6.18.44-fc-v1252, per-VMA locks');
	assert.equal(real.faults, 564);
	assert.ok(real.faultsPerSec !== null && Math.abs(real.faultsPerSec - 564 / 0.042561) < 50);
	const report: CompareReport = {scenario: 'tiny', cpus: 3, durationNs: 1e6, seed: 1, results: [], waitShares: [], real};
	const {rows} = compareRows(report);
	assert.equal(rows[0]?.scheme, 'real (measured)');
	assert.equal(rows[0]?.p99, '-');
	assert.match(compareTitle(report), /first row: measured on the recording kernel, Linux 6\.18\.44-fc-v1252, per-VMA locks; 564 real faults/);
});

test('kernels before 6.4 took mmap_lock for every fault', () => {
	assert.equal(kernelScheme('6.3.13'), 'Linux 6.3.13, mmap_lock only');
	assert.equal(kernelScheme('6.4.0-rc1'), 'Linux 6.4.0-rc1, per-VMA locks');
	assert.equal(kernelScheme('5.15.0'), 'Linux 5.15.0, mmap_lock only');
});
