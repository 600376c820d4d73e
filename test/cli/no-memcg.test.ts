import assert from 'node:assert/strict';
import {test} from 'node:test';
import {spfTop} from './spawn.ts';

function lockClasses(...args: string[]): string[] {
	const r = spfTop('--headless', '--json', 'pft', '--cpus', '2', '--duration', '300us', ...args);
	assert.equal(r.code, 0, r.stderr);
	return (JSON.parse(r.stdout) as {locks: {lockClass: string}[]}).locks.map(l => l.lockClass);
}

test('--no-memcg runs without memcg charging: no page_counter, the allocator locks stay', () => {
	assert.ok(lockClasses().includes('memcg.page_counter'));
	const without = lockClasses('--no-memcg');
	assert.ok(!without.includes('memcg.page_counter'), without.join(', '));
	assert.ok(without.includes('zone->lock'), without.join(', '));
});

test('--no-memcg with --replay is a usage error: the recording has the machine', () => {
	const r = spfTop('--replay', 'x.ndjson', '--no-memcg');
	assert.equal(r.code, 2);
	assert.match(r.stderr, /--replay takes the scenario and machine from the recording; drop --no-memcg/);
});
