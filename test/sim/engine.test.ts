import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {BLOCK, Engine, type Step, type Task} from '../../source/sim/engine.ts';

/** Spawns a task whose body gets its own Task (the engine hands it none). */
function spawnWith(engine: Engine, cpu: number, body: (task: Task) => Step, at?: number): Task {
	let task: Task | undefined;
	const gen = (function* (): Step {
		yield* body(task!);
	})();
	task = engine.spawn(cpu, `t${cpu}`, gen, at);
	return task;
}

const forever = (e: Engine): void => e.run(Number.POSITIVE_INFINITY, () => false);

describe('Engine', () => {
	test('a task resumes after each delay it yields', () => {
		const e = new Engine(1);
		const seen: number[] = [];
		const task = spawnWith(e, 0, function* () {
			seen.push(e.now);
			yield 5;
			seen.push(e.now);
			yield 10;
			seen.push(e.now);
			yield 0;
			seen.push(e.now);
		});
		forever(e);
		assert.deepEqual(seen, [0, 5, 15, 15]);
		assert.equal(task.done, true);
	});

	test('spawn at a later time starts the body then', () => {
		const e = new Engine(1);
		const seen: number[] = [];
		spawnWith(e, 0, function* () {
			seen.push(e.now);
		}, 250);
		forever(e);
		assert.deepEqual(seen, [250]);
	});

	test('BLOCK sleeps until wake, at the time wake names', () => {
		const e = new Engine(2);
		const seen: string[] = [];
		const sleeper = spawnWith(e, 0, function* () {
			seen.push(`sleep@${e.now}`);
			yield BLOCK;
			seen.push(`woke@${e.now}`);
		});
		spawnWith(e, 1, function* () {
			yield 100;
			assert.equal(sleeper.blocked, true);
			e.wake(sleeper, 150);
			seen.push(`waker@${e.now}`);
		});
		forever(e);
		assert.deepEqual(seen, ['sleep@0', 'waker@100', 'woke@150']);
		assert.equal(sleeper.blocked, false);
		assert.equal(sleeper.done, true);
	});

	test('a blocked task nobody wakes never runs again', () => {
		const e = new Engine(1);
		let after = false;
		const task = spawnWith(e, 0, function* () {
			yield BLOCK;
			after = true;
		});
		forever(e);
		assert.equal(after, false);
		assert.equal(task.blocked, true);
		assert.equal(task.done, false);
		assert.equal(e.nextTime(), Number.POSITIVE_INFINITY);
	});

	test('waking a task that is not blocked throws', () => {
		const e = new Engine(1);
		const task = spawnWith(e, 0, function* () {
			yield 10;
		});
		assert.throws(() => e.wake(task), /not blocked/);
	});

	test('timers fire at their time, FIFO with tasks due at the same time', () => {
		const e = new Engine(1);
		const seen: string[] = [];
		e.timer(50, () => seen.push(`timer-a@${e.now}`));
		spawnWith(e, 0, function* () {
			seen.push(`task@${e.now}`);
			yield 50;
			seen.push(`task@${e.now}`);
		});
		e.timer(50, () => seen.push(`timer-b@${e.now}`));
		e.timer(20, () => seen.push(`timer-c@${e.now}`));
		forever(e);
		// At t=50: timer-a (pushed first), timer-b (pushed before the task re-queued itself at t=0), then the task.
		assert.deepEqual(seen, ['task@0', 'timer-c@20', 'timer-a@50', 'timer-b@50', 'task@50']);
	});

	test('nextTime peeks the earliest pending entry', () => {
		const e = new Engine(1);
		assert.equal(e.nextTime(), Number.POSITIVE_INFINITY);
		e.timer(70, () => {});
		e.timer(30, () => {});
		assert.equal(e.nextTime(), 30);
	});

	test('run(until) runs entries due at until and leaves later ones', () => {
		const e = new Engine(1);
		const seen: number[] = [];
		for (const t of [10, 20, 30]) e.timer(t, () => seen.push(t));
		e.run(20, () => false);
		assert.deepEqual(seen, [10, 20]);
		assert.equal(e.now, 20);
		assert.equal(e.nextTime(), 30);
		e.run(100, () => false);
		assert.deepEqual(seen, [10, 20, 30]);
	});

	test('run stops when asked, but only after finishing the current nanosecond', () => {
		const e = new Engine(1);
		const seen: string[] = [];
		let stopCalls = 0;
		e.timer(10, () => seen.push('a@10'));
		e.timer(10, () => {
			seen.push('b@10');
			// Work scheduled for this same nanosecond must still run before the pause.
			e.timer(10, () => seen.push('c@10'));
		});
		e.timer(20, () => seen.push('d@20'));
		e.run(1000, () => {
			stopCalls++;
			return seen.length > 0;
		});
		assert.deepEqual(seen, ['a@10', 'b@10', 'c@10']);
		assert.equal(e.now, 10);
		// Asked once before t=10 (no: keep going) and once before t=20 (yes: stop).
		assert.equal(stopCalls, 2);
		assert.equal(e.nextTime(), 20);
		e.run(1000, () => false);
		assert.deepEqual(seen, ['a@10', 'b@10', 'c@10', 'd@20']);
	});

	test('stolen time on a CPU delays the next resume of its task, not other CPUs', () => {
		const e = new Engine(2);
		const seen: string[] = [];
		spawnWith(e, 0, function* () {
			seen.push(`cpu0@${e.now}`);
			yield 100;
			seen.push(`cpu0@${e.now}`);
			yield 100;
			seen.push(`cpu0@${e.now}`);
		});
		spawnWith(e, 1, function* () {
			seen.push(`cpu1@${e.now}`);
			yield 100;
			seen.push(`cpu1@${e.now}`);
		});
		// An interrupt at t=50 steals 300 ns from CPU 0.
		e.timer(50, () => {
			e.stolenNs[0]! += 300;
		});
		forever(e);
		// CPU 0's step due at 100 runs at 100 + 300; the one after is not delayed again.
		assert.deepEqual(seen, ['cpu0@0', 'cpu1@0', 'cpu1@100', 'cpu0@400', 'cpu0@500']);
		assert.equal(e.stolenNs[0], 0);
	});

	test('waking a blocked task forgives the time stolen from its CPU while it slept', () => {
		const e = new Engine(1);
		const seen: number[] = [];
		const task = spawnWith(e, 0, function* () {
			yield BLOCK;
			seen.push(e.now);
		});
		e.timer(10, () => {
			e.stolenNs[0]! += 500;
		});
		e.timer(20, () => e.wake(task));
		forever(e);
		assert.deepEqual(seen, [20]);
	});

	test('a task interleaved with another goes back into the heap with one operation per wait', () => {
		const e = new Engine(2);
		const seen: string[] = [];
		for (const cpu of [0, 1]) {
			spawnWith(e, cpu, function* () {
				for (let i = 0; i < 3; i++) {
					seen.push(`${cpu}@${e.now}`);
					yield 10;
				}
			}, cpu);
		}
		forever(e);
		assert.deepEqual(seen, ['0@0', '1@1', '0@10', '1@11', '0@20', '1@21']);
		// 2 spawns; each of the 6 waits lands after the other task's next time, so it is one
		// replacement of the top (a pop and a push before); each task's end is one pop.
		assert.equal(e.heapOps, 2 + 6 + 2);
		assert.equal(e.waits, 6);
		// One resume to start each task and one after each wait (`yield*` adds none).
		assert.equal(e.resumes, 2 + 6);
	});
});
