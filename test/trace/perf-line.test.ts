import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parsePerfLine} from '../../source/trace/perf-line.ts';

test('reads the default layout (tid only)', () => {
	const line = '              xz  1501 [001] 70115.330107:           exceptions:page_fault_user: address=0x7f9230c4bb70 ip=0x7f9230c4bb70 error_code=0x14';
	assert.deepEqual(parsePerfLine(line), {comm: 'xz', pid: null, tid: 1501, cpu: 1, ns: 70115_330107000, event: 'exceptions:page_fault_user', body: 'address=0x7f9230c4bb70 ip=0x7f9230c4bb70 error_code=0x14'});
});

test('reads the -F layout (pid/tid), a command name with spaces and digits, and nanoseconds', () => {
	const line = ' V8 Worker 3  1501/1515  [000] 70115.340436123:  syscalls:sys_exit_mmap: 0x7f9230c27000';
	assert.deepEqual(parsePerfLine(line), {comm: 'V8 Worker 3', pid: 1501, tid: 1515, cpu: 0, ns: 70115_340436123, event: 'syscalls:sys_exit_mmap', body: '0x7f9230c27000'});
});

test('reads side-band records and rejects what is not an event line', () => {
	const fork = parsePerfLine('              xz  1501/1501  [001] 70115.340384: PERF_RECORD_FORK(1501:1515):(1501:1501)');
	assert.equal(fork?.event, 'PERF_RECORD_FORK');
	assert.equal(fork?.body, '(1501:1515):(1501:1501)');
	assert.equal(parsePerfLine('# ========'), null);
	assert.equal(parsePerfLine('              xz  1501 [001] 70115.3'), null);
});
