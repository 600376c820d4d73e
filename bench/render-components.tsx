/**
 * What the render benchmark draws: the dashboard, and the naive reference it is compared
 * with. Loaded only after NODE_ENV=production is set (see render.ts), because JSX imports
 * React's runtime, and React picks its build when first loaded.
 */
import {Box, Text} from 'ink';
import React, {useSyncExternalStore} from 'react';
import {describeActivity} from '../source/ui/components/cpu-lines.ts';
import {Dashboard} from '../source/ui/index.ts';
import type {Frame} from '../source/ui/index.ts';
import {percent, rate} from '../source/format/numbers.ts';
import {compactNs} from '../source/ui/text/format.ts';
import {sparkline} from '../source/ui/text/sparkline.ts';

/** Hands a component one frame at a time, as the session does. */
export class FrameFeed {
	frame: Frame;
	readonly #listeners = new Set<() => void>();

	constructor(first: Frame) {
		this.frame = first;
	}

	readonly subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	readonly getFrame = (): Frame => this.frame;

	next(frame: Frame): void {
		this.frame = frame;
		for (const listener of this.#listeners) listener();
	}

	togglePause(): void {}
	changeSpeed(): void {}
	nextScheme(): void {}
	setLogFilter(): void {}
	inject(): void {}
	noViolation(): void {}
}

const stateColour = {f: 'cyan', z: 'magenta', s: 'yellow', w: 'blue', u: 'green', '·': 'gray'} as const;

/** The naive reference: one Box per CPU with a Text per field, as a first Ink version would be. */
function Naive({feed}: {readonly feed: FrameFeed}) {
	const frame = useSyncExternalStore(feed.subscribe, feed.getFrame);
	return (
		<Box flexDirection="column">
			{frame.snapshot.cpus.map(cpu => {
				const state = describeActivity(cpu.activity);
				return (
					<Box key={cpu.cpu}>
						<Text bold>cpu{cpu.cpu} </Text>
						<Text color={stateColour[state.letter as keyof typeof stateColour]}>{state.words}</Text>
						<Text> {rate(cpu.faultsPerSec)} flt/s</Text>
						<Text> spec {percent(cpu.speculativeShare)}</Text>
						<Text>
							{' '}
							p50 {compactNs(cpu.latencyP50Ns)} p99 {compactNs(cpu.latencyP99Ns)}
						</Text>
						<Text> wait {percent(cpu.lockWaitShare)}</Text>
						<Text color="cyan"> {sparkline(cpu.sparkline, 20)}</Text>
					</Box>
				);
			})}
		</Box>
	);
}

export function dashboardElement(feed: FrameFeed, columns: number, rows: number): React.ReactElement {
	return <Dashboard session={feed} size={{columns, rows}} />;
}

export function naiveElement(feed: FrameFeed): React.ReactElement {
	return <Naive feed={feed} />;
}
