/** The session's pure helpers: what a key injects, where a seek key goes, and the frame built from the session's state. */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {loadScenarioFile, resolveScenarioArg} from '../../source/scenarios/index.ts';
import {resolveMachine} from '../../source/sim/config.ts';
import type {SimEvent} from '../../source/sim/events.ts';
import {createSnapshotState, createSummary, finishSummary, takeSnapshot} from '../../source/stream/index.ts';
import {buildFrame, type FrameInput} from '../../source/ui/session/build-frame.ts';
import {injectionFor} from '../../source/ui/session/injection-for.ts';
import {LogView} from '../../source/ui/session/log-view.ts';
import type {LiveSource, ReplayedSource, RunSource} from '../../source/ui/session/run-source.ts';
import {clampSeek, seekKeyTarget} from '../../source/ui/session/seek.ts';

const scenario = loadScenarioFile(resolveScenarioArg('default'));
const machine = resolveMachine(scenario, {cpus: 2});
const vma = {mm: 1, vma: 7, live: true};

test('injectionFor: mmap maps the scenario\'s injectMmap into the selected VMA\'s mm, or mm 0 with none selected', () => {
	const {size, file, shared} = scenario.injectMmap;
	assert.deepEqual(injectionFor('mmap', vma, 'live', scenario, 5), {injection: {kind: 'mmap', mm: 1, size, file, shared}});
	assert.deepEqual(injectionFor('mmap', null, 'live', scenario, 5), {injection: {kind: 'mmap', mm: 0, size, file, shared}});
});

test('injectionFor: munmap, mprotect and a fault storm act on the selected VMA; a storm lasts stormNs', () => {
	assert.deepEqual(injectionFor('munmap', vma, 'live', scenario, 5), {injection: {kind: 'munmap', mm: 1, vma: 7}});
	assert.deepEqual(injectionFor('mprotect', vma, 'live', scenario, 5), {injection: {kind: 'mprotect', mm: 1, vma: 7}});
	assert.deepEqual(injectionFor('fault-storm', vma, 'live', scenario, 5), {injection: {kind: 'fault-storm', mm: 1, vma: 7, durationNs: 5}});
});

test('injectionFor refuses, saying why: a recording, no VMA selected, a VMA already unmapped', () => {
	assert.deepEqual(injectionFor('mmap', vma, 'replay', scenario, 5), {refusal: 'mmap: a recording cannot take injections (it plays what was recorded)'});
	assert.deepEqual(injectionFor('munmap', null, 'live', scenario, 5), {refusal: 'munmap: no VMA selected (Tab to the VMA list, ↑↓ to select)'});
	assert.deepEqual(injectionFor('fault-storm', {...vma, live: false}, 'live', scenario, 5), {refusal: 'fault-storm: vma#7 is already unmapped'});
});

test('seek keys move ±10% of the recording, to its start or its end; a target is clamped to whole ns of it', () => {
	assert.deepEqual((['back', 'forward', 'start', 'end'] as const).map(key => seekKeyTarget(key, 500, 1000)), [400, 600, 0, 1000]);
	assert.equal(seekKeyTarget('forward', 0, 5), 1, 'at least 1 ns');
	assert.deepEqual([-5, 12.6, 2000].map(ns => clampSeek(ns, 1000)), [0, 13, 1000]);
});

const idle: LiveSource = {now: 0, cpus: 2, advance: (): SimEvent[] => [], inject() {}};

function input(source: RunSource, fields: Partial<FrameInput> = {}): FrameInput {
	return {
		scenario: 'default',
		machine,
		run: 0,
		source,
		snapshot: takeSnapshot(createSnapshotState({cpus: 2, windowNs: 1000}), 300),
		summary: finishSummary(createSummary(2), 0),
		schemeTotals: [],
		logView: new LogView(10),
		paused: false,
		speed: {target: 1e6, achieved: 9e5},
		windowNs: 1000,
		notice: null,
		schemes: 3,
		recording: null,
		seeking: null,
		violation: null,
		...fields,
	};
}

test('buildFrame: a live run injects and switches schemes, and shows no replay position', () => {
	const frame = buildFrame(input({kind: 'live', sim: idle}));
	assert.equal(frame.canInject, true);
	assert.equal(frame.canSwitchScheme, true);
	assert.equal(frame.replay, null);
	assert.equal(frame.scheme.id, machine.scheme);
	assert.deepEqual([frame.seed, frame.cpus, frame.run], [machine.seed, machine.cpus, 0]);
	assert.equal(buildFrame(input({kind: 'live', sim: idle}, {schemes: 1})).canSwitchScheme, false, 'one scheme: nothing to switch to');
});

test('buildFrame: paused, the speed reached is unknown', () => {
	assert.deepEqual(buildFrame(input({kind: 'live', sim: idle})).speed, {target: 1e6, achieved: 9e5});
	assert.deepEqual(buildFrame(input({kind: 'live', sim: idle}, {paused: true})).speed, {target: 1e6, achieved: null});
});

test('buildFrame: a replay takes no injections nor scheme switches, and says where it is and where a seek goes', () => {
	const replay: ReplayedSource = {now: 0, cpus: 2, durationNs: 1000, advance: (): SimEvent[] => [], seek() {}};
	const source: RunSource = {kind: 'replay', sim: replay, file: 'run.ndjson'};
	const frame = buildFrame(input(source, {seeking: 800}));
	assert.equal(frame.canInject, false);
	assert.equal(frame.canSwitchScheme, false);
	assert.deepEqual(frame.replay, {file: 'run.ndjson', positionNs: 300, durationNs: 1000, seekingTo: 800, ended: false});
	const ended = buildFrame(input(source, {snapshot: takeSnapshot(createSnapshotState({cpus: 2, windowNs: 1000}), 1000)}));
	assert.equal(ended.replay?.ended, true);
});
