import {useInput, useStdin} from 'ink';
import type {Dispatch} from 'react';
import {useCallback, useEffect, useRef} from 'react';
import type {InjectionKey} from '../session/injection-for.ts';
import type {SeekKey} from '../session/seek.ts';
import type {MoveContext, SpecialKey} from './keymap.ts';
import {commandFor, functionKeyName, keyNames, moveAction} from './keymap.ts';
import type {UiAction, UiState} from './ui-state.ts';
import {uiReducer} from './ui-state.ts';

/** What the keys act on in the session. */
export interface DashboardCommands {
	togglePause(): void;
	changeSpeed(delta: number): void;
	nextScheme(): void;
	setLogFilter(text: string): void;
	inject(kind: InjectionKey, target: {readonly mm: number; readonly vma: number; readonly live: boolean} | null): void;
	/** A replay's seek keys (absent where nothing can seek). */
	seekTo?(where: SeekKey): void;
	/** `!` while the run has no violation: say so. */
	noViolation(): void;
}

export interface DashboardKeysInput {
	readonly commands: DashboardCommands;
	readonly ui: UiState;
	readonly dispatch: Dispatch<UiAction>;
	/** What arrows move over, as drawn now. */
	readonly move: MoveContext;
	/** The VMA `u`, `p` and `f` act on (and whose process `m` maps into). */
	readonly target: {readonly mm: number; readonly vma: number; readonly live: boolean} | null;
	readonly quit: () => void;
	/** Ctrl-Z: stop to the shell until `fg` (absent where there is no shell to stop to). */
	readonly suspend?: () => void;
	/** The dashboard plays a recording: the seek keys work. */
	readonly replay?: boolean;
	/** VMAs mmap injections allocated so far: after `m`, the next one is selected. */
	readonly injectedMmaps?: number;
	/** The run has a violation to draw: `!` opens its diagram. */
	readonly hasViolation?: boolean;
}

/**
 * Handles every key `useInput` delivers, several per call when they arrive together. Each
 * key sees the state the previous one left (the reducer is applied here as well as
 * dispatched), so `/ab` typed at once filters on `ab`.
 */
export function useDashboardKeys(input: DashboardKeysInput): void {
	const latest = useRef(input);
	latest.current = input;
	// One handler for the component's life: Ink re-subscribes whenever the handler changes.
	const handleNames = useCallback((names: readonly string[]) => {
		const {commands, dispatch, move, target, quit, suspend, replay = false} = latest.current;
		let state = latest.current.ui;
		const apply = (action: UiAction | null) => {
			if (action === null) return;
			state = uiReducer(state, action);
			dispatch(action);
		};

		const filterBefore = state.filter;
		for (const name of names) {
			const command = commandFor(name, state, replay);
			switch (command.kind) {
				case 'quit':
					quit();
					return;
				case 'suspend':
					suspend?.();
					break;
				case 'ui':
					apply(command.action);
					break;
				case 'move':
					apply(moveAction(state, command.key, move));
					break;
				case 'pause':
					commands.togglePause();
					break;
				case 'speed':
					commands.changeSpeed(command.delta);
					break;
				case 'next-scheme':
					commands.nextScheme();
					break;
				case 'inject':
					commands.inject(command.injection, target);
					if (command.injection === 'mmap') apply({type: 'await-mmap', after: latest.current.injectedMmaps ?? 0});
					break;
				case 'seek':
					commands.seekTo?.(command.to);
					break;
				case 'violation':
					if (latest.current.hasViolation) apply({type: 'violation', open: true});
					else commands.noViolation();
					break;
				case 'none':
					break;
			}
		}

		latest.current = {...latest.current, ui: state};
		if (state.filter !== filterBefore) commands.setLogFilter(state.filter);
	}, []);
	useInput(useCallback((text: string, key: SpecialKey) => handleNames(keyNames(text, key)), [handleNames]));
	// Function keys reach `useInput` as nothing: read F1 and F10 from Ink's raw input events.
	const {internal_eventEmitter: events} = useStdin();
	useEffect(() => {
		const onInput = (sequence: string) => {
			const name = functionKeyName(sequence);
			if (name !== null) handleNames([name]);
		};

		events?.on('input', onInput);
		return () => {
			events?.off('input', onInput);
		};
	}, [events, handleNames]);
}
