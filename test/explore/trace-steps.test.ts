import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runSchedule} from '../../source/explore/run-schedule.ts';
import type {SimEvent} from '../../source/sim/events.ts';

async function run(steps: boolean): Promise<{events: SimEvent[]; violation: SimEvent | null}> {
	const events: SimEvent[] = [];
	const outcome = await runSchedule({scenario: 'zap-race', scheme: 'mmap-sem', cpus: 4, seed: 3, durationNs: 3_000_000, schedule: [], steps}, undefined, batch => events.push(...batch));
	return {events, violation: outcome.violation};
}

test('a run that traces its steps emits step events and is otherwise the same run', async () => {
	const plain = await run(false);
	const traced = await run(true);
	assert.equal(plain.events.filter(e => e.type === 'step').length, 0, 'a plain run emits no steps');
	const steps = traced.events.filter(e => e.type === 'step');
	for (const [fn, step] of [['find_vma', 'vma-use'], ['set_pte_at', 'pte-set'], ['__pte_alloc', 'pgtable-link'], ['free_pgtables', 'pgtable-unlink']]) {
		assert.ok(steps.some(e => e.fn === fn && e.step === step), `${fn} is traced as ${step}`);
	}
	assert.deepEqual(traced.events.filter(e => e.type !== 'step'), plain.events);
	assert.deepEqual(traced.violation, plain.violation);
});
