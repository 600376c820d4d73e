/** The /proc/PID/maps a trace stores (`# maps PID:` lines): mappings only it knows become regions. */
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {importTrace} from '../../source/trace/import-trace.ts';
import {mapsHeader} from '../../source/trace/maps-at-exec.ts';

const all = {fromNs: 0, toNs: Number.POSITIVE_INFINITY, maxEvents: 1000};
const maps = [
	'555500000000-555500021000 rw-p 00000000 00:00 0                          [heap]',
	'7f0000000000-7f0000010000 r--p 00000000 fe:00 1234                       /usr/lib/libfoo.so',
	'ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]',
].join('\n');
const line = (ns: number, event: string): string => `            prog  7/7     [001]  100.${String(ns).padStart(9, '0')}: ${event}`;
const events = [
	// A fault in the heap, which only maps shows.
	line(1000, 'exceptions:page_fault_user: address=0x555500002010 ip=0x0 error_code=0x6'),
	// libfoo is mapped again by a traced call over the same range: the call's region wins.
	line(2000, 'syscalls:sys_enter_mmap: addr: 0x7f0000000000, len: 0x00010000, prot: 0x00000001, flags: 0x00000012, fd: 0x00000003, off: 0x00000000'),
	line(3000, 'syscalls:sys_exit_mmap: 0x7f0000000000'),
	line(4000, 'exceptions:page_fault_user: address=0x7f0000003000 ip=0x0 error_code=0x4'),
];

test('a mapping only /proc/PID/maps knows is a region from the start, its faults placed in it; the header names it', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'spf-top-maps-'));
	try {
		const file = join(dir, 'prog.trace.txt');
		writeFileSync(file, ['# spf-top-trace: 1', '# command: prog', '# cpus: 2', ...mapsHeader({pid: 7, maps}), ...events, ''].join('\n'));
		const {text} = await importTrace(file, all);
		assert.match(text, /^ {6}- \{name: r2, size: 132KiB, kind: anon, shared: false, prot: rw\} {2}# \[heap\] rw-p, from \/proc\/7\/maps at 0x555500000000$/m);
		assert.match(text, /^# Maps: {5}\/proc\/PID\/maps at exec, 3 lines; known from it alone: 1 \(r2 \[heap\] rw-p\)\.$/m);
		assert.match(text, /faults: \{region: r2, pages: "2w"\}/);
		assert.doesNotMatch(text, /libfoo/, 'the traced mmap covers libfoo: maps adds nothing there');
		assert.doesNotMatch(text, /vsyscall|inferred|no traced mapping/);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});
